"""Regenerate the Python code for protos/ into the mediasearch package.

Checked-in generated code keeps installs free of a protoc step; the test
`tests/contract/test_generated_code.py` runs this into a temporary folder and
fails when the checked-in copy is stale.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "protos"


def proto_files() -> list[Path]:
    """Our protos only: the vendored protos/google/** come as Python from googleapis-common-protos."""
    return sorted((PROTO_ROOT / "mediasearch").rglob("*.proto"))


def generate(out_dir: Path) -> list[Path]:
    """Run protoc (grpcio-tools) with the mypy-protobuf plugins into out_dir/mediasearch.

    Generation happens in a scratch folder first so that only generated
    files (and their package markers) ever reach out_dir.
    """
    import tempfile

    import grpc_tools
    from grpc_tools import protoc

    # The plugins sit beside this interpreter in a venv that may not be activated (make, CI).
    beside_python = Path(sys.executable).parent
    found = shutil.which("protoc-gen-mypy")
    plugin_dir = beside_python if (beside_python / "protoc-gen-mypy").exists() else Path(found or ".").parent
    if not (plugin_dir / "protoc-gen-mypy").exists():
        sys.exit("protoc-gen-mypy not found on PATH: pip install mypy-protobuf")
    wkt = Path(grpc_tools.__file__).parent / "_proto"
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        args = [
            "protoc",
            f"-I{PROTO_ROOT}",
            f"-I{wkt}",
            f"--python_out={scratch}",
            f"--grpc_python_out={scratch}",
            f"--plugin=protoc-gen-mypy={plugin_dir / 'protoc-gen-mypy'}",
            f"--plugin=protoc-gen-mypy_grpc={plugin_dir / 'protoc-gen-mypy_grpc'}",
            f"--mypy_out=quiet:{scratch}",
            f"--mypy_grpc_out=quiet:{scratch}",
            *[str(p.relative_to(PROTO_ROOT)) for p in proto_files()],
        ]
        if protoc.main(args) != 0:
            sys.exit("protoc failed")
        generated = scratch / "mediasearch"
        # Every generated folder below mediasearch/ needs a package marker.
        for folder in [d for d in generated.rglob("*") if d.is_dir()]:
            (folder / "__init__.py").write_text('"""Generated protobuf package."""\n')
        written = []
        for src in sorted(generated.rglob("*")):
            if src.is_file():
                dest = out_dir / "mediasearch" / src.relative_to(generated)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                written.append(dest)
        return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT, help="output root (default: repo root)")
    args = parser.parse_args()
    for path in generate(args.out):
        print(path.relative_to(args.out))


if __name__ == "__main__":
    main()
