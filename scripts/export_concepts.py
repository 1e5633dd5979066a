"""Write the concept vocabulary that `mediasearch debug-scores` ships, from the expansion service's lists.

The CLI must not import a service package (it is installed without them), so
it reads `mediasearch/cli/data/concepts.json`: the expansion service's curated
photo-search terms and its function words. `tests/cli/test_concepts_data.py`
fails when the shipped file and the service's lists differ; run
`python scripts/export_concepts.py` after changing either list.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "mediasearch" / "cli" / "data" / "concepts.json"


def concepts_document() -> str:
    """The file's exact text: sorted lists, one entry a line, so a change reads well in a diff."""
    from expansion_svc.core.curated import CURATED
    from expansion_svc.core.query import STOP_WORDS

    document = {
        "source": "expansion_svc.core.curated.CURATED and expansion_svc.core.query.STOP_WORDS "
                  "(scripts/export_concepts.py)",
        "general": sorted(CURATED),
        "function_words": sorted(STOP_WORDS),
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    TARGET.write_text(concepts_document(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
