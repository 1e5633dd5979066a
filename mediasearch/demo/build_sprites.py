"""Build the committed emoji sprite atlas from the Noto Color Emoji font.

Run once, on a machine with Debian's `fonts-noto-color-emoji` installed:

    apt-get install -y fonts-noto-color-emoji
    python -m mediasearch.demo.build_sprites

It reads `data/concepts.tsv` (codepoint, caption name, article, category),
renders each emoji with Pillow at the font's only bitmap size (109 px, colour
glyphs need `embedded_color=True`), crops it to its opaque box, centres it on
a square and downsamples it to SPRITE_SIZE. The sprites go into one PNG sheet
plus a JSON index, and the font's licence is copied beside them, so scene
generation on a fresh machine (CI, the demo) needs no font package.
"""

from __future__ import annotations

import argparse
import json
import shutil
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DATA_DIR = Path(__file__).parent / "data"
FONT_PATH = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
FONT_LICENSE = Path("/usr/share/doc/fonts-noto-color-emoji/copyright")
# 64 px keeps the sheet near 1.5 MB for ~330 sprites; scenes draw sprites at
# 16-80 px, so the largest are upscaled only slightly.
SPRITE_SIZE = 64
COLUMNS = 20
# CBDT colour fonts carry a single strike; Pillow refuses other sizes.
FONT_SIZE = 109


def read_concept_table(path: Path) -> list[dict[str, str]]:
    """Rows of the hand-curated concept table, comments skipped, with the Unicode name checked."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        codepoint, name, article, category = line.split("\t")
        char = chr(int(codepoint, 16))
        rows.append(
            {
                "codepoint": f"U+{int(codepoint, 16):04X}",
                "char": char,
                "unicode_name": unicodedata.name(char),
                "name": name,
                "article": article,
                "category": category,
                "line": str(number),
            }
        )
    names = [row["name"] for row in rows]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"duplicate caption names in {path}: {duplicates}")
    return rows


def render_emoji(char: str, font: ImageFont.FreeTypeFont, size: int = SPRITE_SIZE) -> Image.Image:
    """One emoji as a square RGBA sprite, tightly cropped and centred."""
    canvas = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((12, 12), char, font=font, embedded_color=True)
    box = canvas.getchannel("A").getbbox()
    if box is None:
        raise ValueError(f"the font has no glyph for {char!r} ({unicodedata.name(char)})")
    glyph = canvas.crop(box)
    side = max(glyph.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(glyph, ((side - glyph.width) // 2, (side - glyph.height) // 2))
    # Pillow resamples RGBA with premultiplied alpha, so edges do not darken.
    return square.resize((size, size), Image.Resampling.LANCZOS)


def build_atlas(table: Path, out_dir: Path, font_path: Path = FONT_PATH) -> dict[str, object]:
    """Write sprites.png, sprites.json and the font licence to out_dir; return the index."""
    rows = read_concept_table(table)
    font = ImageFont.truetype(str(font_path), FONT_SIZE)
    rows_count = (len(rows) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGBA", (COLUMNS * SPRITE_SIZE, rows_count * SPRITE_SIZE), (0, 0, 0, 0))
    concepts = []
    for index, row in enumerate(rows):
        x, y = (index % COLUMNS) * SPRITE_SIZE, (index // COLUMNS) * SPRITE_SIZE
        sheet.paste(render_emoji(row["char"], font), (x, y))
        concepts.append({k: v for k, v in row.items() if k != "line"} | {"index": index, "x": x, "y": y})
    out_dir.mkdir(parents=True, exist_ok=True)
    sheet.save(out_dir / "sprites.png", optimize=True)
    index_doc: dict[str, object] = {
        "source": "Noto Color Emoji (Debian package fonts-noto-color-emoji), rendered with Pillow",
        "font_file": font_path.name,
        "license": "SIL Open Font License 1.1; see LICENSE-noto-color-emoji.txt",
        "sprite_size": SPRITE_SIZE,
        "columns": COLUMNS,
        "concepts": concepts,
    }
    # One concept per line: small, and diffs of the committed file stay readable.
    header = json.dumps({k: v for k, v in index_doc.items() if k != "concepts"}, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(concept, ensure_ascii=False) for concept in concepts)
    (out_dir / "sprites.json").write_text(f'{header}, "concepts": [\n{lines}\n]}}\n', encoding="utf-8")
    if FONT_LICENSE.exists():
        shutil.copyfile(FONT_LICENSE, out_dir / "LICENSE-noto-color-emoji.txt")
    return index_doc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", type=Path, default=DATA_DIR / "concepts.tsv")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--font", type=Path, default=FONT_PATH)
    args = parser.parse_args(argv)
    if not args.font.exists():
        raise SystemExit(f"{args.font} not found: apt-get install -y fonts-noto-color-emoji")
    index = build_atlas(args.table, args.out, args.font)
    size_kb = (args.out / "sprites.png").stat().st_size / 1024
    print(f"{len(index['concepts'])} sprites -> {args.out / 'sprites.png'} ({size_kb:.0f} KiB)")  # type: ignore[arg-type]  # sprites.json's "concepts" is a list


if __name__ == "__main__":
    main()
