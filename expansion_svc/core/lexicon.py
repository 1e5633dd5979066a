"""The distilled WordNet lexicon: synsets, senses ranked by frequency, familiarity, morphology data.

The file `expansion_svc/data/lexicon.json.gz` is written by
`scripts/build_lexicon.py` from WordNet 3.0 (license in `data/WORDNET_LICENSE`).
Its JSON object holds:

- `synsets`: list of `[name, lemmas, lemma familiarities, hypernym ids, related ids, derived ids,
  tag count, is instance, lexicographer file]`, where ids index this list, related ids are adjective
  similar-to / also-see links, derived ids are the nouns an adjective comes from (sandy -> sand),
  each lemma's familiarity is for this sense (Zipf frequency scaled by the sense's share of the word's
  uses, phrases penalised), and the lexicographer file is WordNet's coarse class of a noun ("animal",
  "artifact", "phenomenon"...; empty for adjectives);
- `senses`: `{"n"|"a": {lemma: [[synset id, tag count], ...]}}` in WordNet's sense order;
- `familiarity`: `{term: Zipf frequency}` (about 1 rare to 7 very common), multi-word terms penalised;
- `words`: `{"n"|"a"|"v": [single-word lemmas]}` for confirming morphy's candidate base forms;
- `exceptions`: `{"n"|"a"|"v": {inflected: [bases]}}`, WordNet's irregular forms.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

FORMAT_VERSION = 3
PARTS_OF_SPEECH = ("n", "a", "v")


@dataclass(frozen=True, slots=True)
class Synset:
    """One WordNet synset as the expander needs it."""

    id: int
    name: str
    lemmas: tuple[str, ...]
    familiarities: tuple[float, ...]  # per lemma, for this sense
    hypernyms: tuple[int, ...]
    related: tuple[int, ...]
    derived: tuple[int, ...]
    tag_count: int
    is_instance: bool
    lexfile: str


@dataclass(frozen=True, slots=True)
class Sense:
    """A lemma's sense: the synset and how often SemCor tagged the lemma with it."""

    synset: Synset
    tag_count: int


class LexiconError(RuntimeError):
    """The lexicon file is missing or was written by an incompatible build script."""


class Lexicon:
    """Read-only lookups over the distilled WordNet data."""

    def __init__(self, data: dict) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise LexiconError(f"lexicon format {data.get('format')!r}; expected {FORMAT_VERSION}")
        self.synsets: tuple[Synset, ...] = tuple(
            Synset(
                i,
                name,
                tuple(lemmas),
                tuple(familiarities),
                tuple(hyper),
                tuple(related),
                tuple(derived),
                count,
                bool(instance),
                lexfile,
            )
            for i, (name, lemmas, familiarities, hyper, related, derived, count, instance, lexfile) in enumerate(
                data["synsets"]
            )
        )
        self._by_name = {s.name: s for s in self.synsets}
        self._senses: dict[str, dict[str, tuple[Sense, ...]]] = {
            pos: {
                lemma: tuple(Sense(self.synsets[i], count) for i, count in pairs) for lemma, pairs in by_lemma.items()
            }
            for pos, by_lemma in data["senses"].items()
        }
        self._familiarity: dict[str, float] = data["familiarity"]
        self.words: dict[str, frozenset[str]] = {pos: frozenset(data["words"][pos]) for pos in PARTS_OF_SPEECH}
        self.exceptions: dict[str, dict[str, list[str]]] = data["exceptions"]
        self.source: str = data.get("source", "")

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Load the packaged lexicon, or the one at `path`."""
        try:
            if path is None:
                raw = resources.files("expansion_svc").joinpath("data/lexicon.json.gz").read_bytes()
            else:
                raw = Path(path).read_bytes()
            return cls(json.loads(gzip.decompress(raw)))
        except (OSError, ValueError, KeyError, TypeError) as error:
            where = path or "expansion_svc/data/lexicon.json.gz"
            raise LexiconError(f"cannot load lexicon {where}: {error}") from error

    def senses(self, lemma: str, pos: str) -> tuple[Sense, ...]:
        """The lemma's senses for `pos` ("n" concrete nouns, "a" visual adjectives), most frequent first."""
        return self._senses.get(pos, {}).get(lemma, ())

    def synset(self, name: str) -> Synset | None:
        return self._by_name.get(name)

    def familiarity(self, term: str) -> float:
        """Zipf frequency of a lemma (0 when unknown)."""
        return self._familiarity.get(term, 0.0)

    @property
    def familiarities(self) -> dict[str, float]:
        """Every term's Zipf frequency (read-only by convention: the spelling index is built from it)."""
        return self._familiarity

    def is_concrete_noun(self, lemma: str) -> bool:
        return lemma in self._senses["n"]

    def has_adjective(self, lemma: str) -> bool:
        return lemma in self._senses["a"]

    def is_known_word(self, word: str, pos: str) -> bool:
        """Whether `word` is a WordNet lemma of `pos`, for morphy (all of WordNet, not just kept synsets)."""
        return word in self.words[pos] or word in self._senses.get(pos, {})

    @cached_property
    def hyponyms(self) -> dict[int, tuple[int, ...]]:
        """Synset id -> ids of its direct hyponyms (instances excluded), derived from hypernym links."""
        children: dict[int, list[int]] = {}
        for synset in self.synsets:
            if synset.is_instance:
                continue
            for parent in synset.hypernyms:
                children.setdefault(parent, []).append(synset.id)
        return {parent: tuple(ids) for parent, ids in children.items()}

    @cached_property
    def descendant_counts(self) -> dict[int, int]:
        """Synset id -> number of synsets below it (shared descendants counted per path); how general it is."""
        counts: dict[int, int] = {}

        def count(synset_id: int) -> int:
            if synset_id not in counts:
                counts[synset_id] = sum(1 + count(child) for child in self.hyponyms.get(synset_id, ()))
            return counts[synset_id]

        for synset in self.synsets:
            count(synset.id)
        return counts
