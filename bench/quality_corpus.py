"""The judged corpus of the quality benchmark: items with their concepts, the query sets and the splits.

Everything is read from the demo corpus's ground_truth.json (written by
`python -m mediasearch.demo.corpus`), so the judgements are the generator's
own record of what each scene holds. An item is relevant to a query when it
holds the queried concept; to a held-out word when it holds any concept the
word stands for; to a two-concept query when it holds both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PAIR_SEED = 20_260_811


@dataclass(frozen=True)
class Item:
    id: str
    path: Path
    concepts: frozenset[str]
    generated: bool


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[int]  # indices into JudgedCorpus.items


@dataclass
class JudgedCorpus:
    root: Path
    items: list[Item]
    concept_names: list[str]  # the model's whole concept vocabulary, in atlas order
    held_out: dict[str, list[str]]  # held-out word -> concept names it should find
    seed: int | None

    @property
    def scenes(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.generated]

    def holding(self, *concepts: str) -> frozenset[int]:
        return frozenset(i for i, item in enumerate(self.items) if item.concepts.issuperset(concepts))

    def concept_queries(self) -> list[Query]:
        """Each concept name as captions say it ("dog"), for every concept the corpus holds."""
        queries = [Query(name, self.holding(name)) for name in self.concept_names]
        return [q for q in queries if q.relevant]

    def held_out_queries(self) -> list[Query]:
        """The held-out synonyms and category words (never in a training caption)."""
        queries = []
        for word, names in self.held_out.items():
            relevant = frozenset(i for i, item in enumerate(self.items) if item.concepts & set(names))
            if relevant:
                queries.append(Query(word, relevant))
        return queries

    def pair_queries(self, count: int) -> list[Query]:
        """Two-concept queries ("dog and pizza") drawn from multi-emoji scenes, so each has a relevant item."""
        rng = np.random.default_rng(PAIR_SEED)
        multi = [sorted(self.items[i].concepts) for i in self.scenes if len(self.items[i].concepts) > 1]
        pairs: list[tuple[str, str]] = []
        for index in rng.permutation(len(multi)):
            a, b = (str(name) for name in rng.choice(multi[index], size=2, replace=False))
            if (a, b) not in pairs and (b, a) not in pairs:
                pairs.append((a, b))
            if len(pairs) == count:
                break
        return [Query(f"{a} and {b}", self.holding(a, b)) for a, b in pairs]

    def split(self) -> tuple[list[int], list[int]]:
        """(fit, eval) scene indices: alternate scenes, so both halves mix 1-, 2- and 3-emoji scenes alike."""
        scenes = self.scenes
        return scenes[0::2], scenes[1::2]


def load_corpus(root: Path, include_photos: bool = False) -> JudgedCorpus:
    truth = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    items = []
    for entry in truth["items"]:
        generated = entry["source"] == "generated"
        if not generated and not include_photos:
            continue
        path = root / entry["path"]
        if not path.is_file():
            raise FileNotFoundError(f"{path}: listed in {root / 'ground_truth.json'} but missing")
        items.append(Item(entry["path"], path, frozenset(entry["concepts"]), generated))
    if not any(item.generated for item in items):
        raise ValueError(f"{root}: the corpus holds no generated scenes")
    return JudgedCorpus(root, items, [c["name"] for c in truth["concepts"]], dict(truth["held_out"]),
                        truth.get("seed"))
