"""Copy collections between the embedded store and Milvus, both ways; resumable, verified by counts and ids.

    python -m search_svc.migrate to-milvus   --data-dir data --milvus-uri http://milvus:19530
    python -m search_svc.migrate to-embedded --data-dir data --milvus-uri data/milvus.db --collection photos

Run it with the search service stopped (the embedded store has one writer) or
pointed elsewhere. Stopped part way, run it again: it resumes (see
search_svc/core/migration.py). Exit status 0 when every collection verified,
1 when one did not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from search_svc.core.backends import CollectionBackend, EmbeddedBackend, MilvusBackend
from search_svc.core.migration import MigrationReport, migrate


def _progress(report: MigrationReport) -> None:
    print(f"  {report.name}: {report.copied} copied, {report.unchanged} already there", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("direction", choices=["to-milvus", "to-embedded"])
    parser.add_argument("--data-dir", type=Path, required=True, help="the embedded store's SEARCH_DATA_DIR")
    parser.add_argument("--milvus-uri", required=True, help="http://host:19530, or a Milvus Lite .db file")
    parser.add_argument("--milvus-token-file", default="", help="file holding the Milvus token, if it needs one")
    parser.add_argument("--collection", action="append", default=[], help="only these collections (repeatable)")
    args = parser.parse_args(argv)
    token = Path(args.milvus_token_file).read_text().strip() if args.milvus_token_file else ""
    embedded: CollectionBackend = EmbeddedBackend(args.data_dir / "collections")
    milvus: CollectionBackend = MilvusBackend(args.milvus_uri, token=token)
    source, target = (embedded, milvus) if args.direction == "to-milvus" else (milvus, embedded)
    names = args.collection or source.names()
    failures = 0
    try:
        for name in names:
            collection = source.open(name)
            if collection is None:
                print(f"{name}: no such collection in the source", file=sys.stderr)
                return 2
            try:
                report = migrate(collection, target, on_page=_progress)
            finally:
                collection.close(snapshot=False)
            verdict = "verified" if report.verified else "NOT VERIFIED"
            print(
                f"{name}: {verdict}: {report.source_count} items in the source, {report.target_count} in the target, "
                f"ids sha256 {report.source_checksum[:16]} / {report.target_checksum[:16]}; {report.copied} copied, "
                f"{report.unchanged} already there, {report.removed_from_target} removed from the target, "
                f"{report.skipped_videos} video items skipped",
                flush=True,
            )
            failures += not report.verified
    finally:
        source.close()
        target.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
