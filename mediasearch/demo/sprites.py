"""The committed emoji sprite atlas: concepts (caption name, category, Unicode name) and their RGBA sprites.

Built once by `python -m mediasearch.demo.build_sprites` from the Noto Color
Emoji font; loading it needs only Pillow, so scenes can be generated on any
machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Concept:
    """One emoji concept. `name` is what captions say ("dog"); `unicode_name` is the font's ("DOG FACE")."""

    index: int
    name: str
    article: str
    category: str
    codepoint: str
    unicode_name: str
    char: str

    @property
    def phrase(self) -> str:
        """The name with its article ("a dog", "an apple", "the sun", "grapes")."""
        return self.name if self.article == "-" else f"{self.article} {self.name}"


@dataclass(frozen=True)
class SpriteAtlas:
    """All concepts in a fixed order (the index is the class id) and one RGBA sprite each."""

    concepts: tuple[Concept, ...]
    sprites: tuple[Image.Image, ...]
    sprite_size: int

    def __len__(self) -> int:
        return len(self.concepts)

    @property
    def names(self) -> list[str]:
        return [concept.name for concept in self.concepts]

    def by_name(self, name: str) -> Concept:
        for concept in self.concepts:
            if concept.name == name:
                return concept
        raise KeyError(f"no concept named {name!r}")

    def in_category(self, category: str) -> list[Concept]:
        return [concept for concept in self.concepts if concept.category == category]


@lru_cache(maxsize=4)
def load_atlas(data_dir: Path = DATA_DIR) -> SpriteAtlas:
    """Read sprites.json and sprites.png (cached: every caller shares one atlas)."""
    index = json.loads((data_dir / "sprites.json").read_text(encoding="utf-8"))
    size = int(index["sprite_size"])
    with Image.open(data_dir / "sprites.png") as opened:
        sheet = opened.convert("RGBA")
        concepts, sprites = [], []
        for position, entry in enumerate(index["concepts"]):
            if entry["index"] != position:
                raise ValueError(f"{data_dir / 'sprites.json'}: concept {entry['name']!r} is out of order")
            concepts.append(
                Concept(
                    index=position,
                    name=entry["name"],
                    article=entry["article"],
                    category=entry["category"],
                    codepoint=entry["codepoint"],
                    unicode_name=entry["unicode_name"],
                    char=entry["char"],
                )
            )
            x, y = entry["x"], entry["y"]
            sprites.append(sheet.crop((x, y, x + size, y + size)))
    return SpriteAtlas(concepts=tuple(concepts), sprites=tuple(sprites), sprite_size=size)
