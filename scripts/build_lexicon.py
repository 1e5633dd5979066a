"""Distil WordNet 3.0 into the expansion service's compact lexicon file.

Run by developers, not at service start:

    python scripts/build_lexicon.py [--wordnet /usr/share/wordnet] [--out expansion_svc/data]

Input is Debian's `wordnet-base` package (`apt-get install wordnet-base`);
`wordfreq` (build-time only) supplies word familiarity, which WordNet lacks:
its sense tag counts are zero for most concrete nouns, so without it "puppy"
and "Leonberg" would rank alike as hyponyms of dog.

Kept: noun synsets below physical_entity.n.01 (organisms, artifacts, food,
places, natural objects...) that a photo-search user could plausibly type,
adjective synsets of visual attributes (colour, size, shape, texture...),
every ancestor of a kept noun synset (so hypernym chains stay whole: giraffe
-> ruminant -> ... -> mammal), every single-word lemma per part of speech
(morphy needs them to confirm a base form) and the morphological exception
lists.

Each lemma of a synset gets a familiarity for that sense: its Zipf
frequency plus log10 of the sense's share of the word's uses, estimated from
SemCor tag counts over all its senses in every part of speech, smoothed by
WordNet's sense order. "racer" is a common word, but rarely the snake;
"stock" is rarely soup stock. Phrases are penalised per extra word, because
wordfreq estimates a phrase from its rarest word ("mining bee" would score as
high as "bee"). Each synset also records its lexicographer file (animal,
artifact, phenomenon...) and, for adjectives, the nouns they derive from.

Output: `lexicon.json.gz` (format described in `expansion_svc/core/lexicon.py`)
and `WORDNET_LICENSE`. The same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_VERSION = 3
PHYSICAL_ENTITY = ("n", "00001930")
# Familiarity (Zipf scale, minus a penalty per extra word) below which a
# synset is dropped unless SemCor tagged it: this removes the long tail of
# species and obscure artifacts nobody types into a photo search.
MIN_SYNSET_FAMILIARITY = 2.2
MULTIWORD_PENALTY = 0.5
# For ranking (not for keeping): a phrase's frequency is unknown, so it ranks well below its words.
PHRASE_PENALTY = 1.0
# wordfreq scores a phrase near its rarest word, so "bird of night" would look as common as "bird".
FUNCTION_WORD_PENALTY = 1.0
FUNCTION_WORDS = frozenset("a an the of in on and or to for with de la".split())
# Attributes whose adjective clusters describe what a photo shows.
VISUAL_ATTRIBUTES = (
    "color", "size", "shape", "texture", "brightness", "light", "age", "wetness", "temperature",
    "cleanness", "height", "length", "width", "thickness", "weight", "hardness", "beauty", "speed",
)
# Visual adjectives outside those attribute clusters (weather, materials, surfaces, moods of a scene).
VISUAL_ADJECTIVE_SEEDS = (
    "sunny cloudy rainy snowy foggy misty stormy windy icy frozen shiny glossy matte fluffy furry hairy "
    "wooden metallic golden silver rusty muddy sandy rocky grassy leafy wooded crowded empty colorful "
    "striped spotted dotted checkered plaid floral transparent blurry sharp bright dark dim sunlit "
    "underwater aerial vintage antique modern rural urban tropical scenic smiling happy sad angry "
    "chromatic achromatic red blue green yellow orange pink purple brown gray grey black white"
).split()
POINTER_RELATED = {"&", "^"}  # adjective similar-to and also-see
POINTER_DERIVED = {"+", "\\"}  # derivationally related form and pertainym: sandy -> sand
FILE_POS = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
# WordNet's lexicographer files, by number (lexnames(5WN)); only noun files matter here.
NOUN_LEXFILES = (
    "Tops", "act", "animal", "artifact", "attribute", "body", "cognition", "communication", "event", "feeling",
    "food", "group", "location", "motive", "object", "person", "phenomenon", "plant", "possession", "process",
    "quantity", "relation", "shape", "state", "substance", "time",
)
FIRST_NOUN_LEXFILE = 3


@dataclass
class RawSynset:
    """One synset line of a WordNet data file."""

    pos: str
    offset: str
    lexfile: int
    lemmas: list[str]
    pointers: list[tuple[str, str, str]] = field(default_factory=list)  # (symbol, file pos, offset)

    @property
    def key(self) -> tuple[str, str]:
        return FILE_POS[self.pos], self.offset


def _lemma_text(word: str) -> str:
    return word.split("(")[0].replace("_", " ").lower()


def read_data(path: Path) -> dict[tuple[str, str], RawSynset]:
    """Parse a data.<pos> file; the license header lines start with two spaces."""
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split(" | ")[0].split()
        count = int(fields[3], 16)
        lemmas = [_lemma_text(fields[4 + 2 * i]) for i in range(count)]
        at = 4 + 2 * count
        pointer_count = int(fields[at])
        pointers = []
        for i in range(pointer_count):
            symbol, offset, pos = fields[at + 1 + 4 * i: at + 4 + 4 * i]
            pointers.append((symbol, FILE_POS[pos], offset))
        synset = RawSynset(fields[2], fields[0], int(fields[1]), lemmas, pointers)
        synsets[synset.key] = synset
    return synsets


def read_index(path: Path) -> dict[str, list[str]]:
    """lemma -> synset offsets in WordNet's sense order (most frequent first)."""
    index = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        pointer_count = int(fields[3])
        sense_count = int(fields[2])
        index[fields[0].replace("_", " ").lower()] = fields[6 + pointer_count: 6 + pointer_count + sense_count]
    return index


def read_tag_counts(path: Path) -> dict[tuple[str, str, int], int]:
    """(lemma, file pos, sense number) -> SemCor tag count, from cntlist.rev."""
    kinds = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    counts = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        key, sense_number, count = line.split()
        lemma, rest = key.split("%")
        if rest[0] in kinds:
            counts[(lemma.replace("_", " ").lower(), kinds[rest[0]], int(sense_number))] = int(count)
    return counts


def read_exceptions(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        inflected, *bases = line.replace("_", " ").split(" ")
        found[inflected] = bases
    return found


def zipf_frequency(term: str, language: str) -> float:
    """wordfreq's Zipf frequency; imported here so that the WordNet readers above work without it."""
    from wordfreq import zipf_frequency as zipf

    return zipf(term, language)


def familiarity(term: str) -> float:
    """Zipf frequency, lowered for phrases, which wordfreq can only estimate from their words."""
    words = term.replace("-", " ").split()
    penalty = MULTIWORD_PENALTY * (len(words) - 1)
    if len(words) > 1 and FUNCTION_WORDS.intersection(words):
        penalty += FUNCTION_WORD_PENALTY
    return round(zipf_frequency(term, "en") - penalty, 1)


def phrase_familiarity(term: str) -> float:
    """Familiarity for ranking: like `familiarity`, but a phrase loses PHRASE_PENALTY per extra word."""
    words = term.replace("-", " ").split()
    return round(familiarity(term) - (PHRASE_PENALTY - MULTIWORD_PENALTY) * (len(words) - 1), 2)


class SenseShares:
    """How much of a word's use is one of its senses: SemCor tags, smoothed by WordNet's sense order.

    Each sense weighs its tag count plus 1/rank (rank within its part of speech), so untagged
    senses still follow WordNet's order, and a word tagged often in other senses or parts of
    speech ("grand" the adjective, "stock" the shares) gets a small share for the rest.
    """

    def __init__(self, indexes: dict[str, dict[str, list[str]]], tag_counts: dict[tuple[str, str, int], int]) -> None:
        self._indexes = indexes
        self._tag_counts = tag_counts

    def share(self, lemma: str, pos: str, offset: str) -> float:
        mine = total = 0.0
        for index_pos, index in self._indexes.items():
            for rank, candidate in enumerate(index.get(lemma, ()), start=1):
                weight = self._tag_counts.get((lemma, index_pos, rank), 0) + 1 / rank
                total += weight
                if index_pos == pos and candidate == offset:
                    mine = weight
        return mine / total if total else 1.0

    def familiarity(self, lemma: str, pos: str, offset: str) -> float:
        """Familiarity of `lemma` meaning this synset: phrase familiarity plus log10 of the sense's share."""
        share = max(self.share(lemma, pos, offset), 1e-3)
        return round(phrase_familiarity(lemma) + math.log10(share), 2)


def reachable(starts: set[tuple[str, str]], synsets: dict[tuple[str, str], RawSynset],
              symbols: tuple[str, ...]) -> set[tuple[str, str]]:
    """Every synset reached from `starts` through pointers of the given kinds (the starts only if reached)."""
    found: set[tuple[str, str]] = set()
    stack = [key for key in starts if key in synsets]
    while stack:
        for symbol, pos, offset in synsets[stack.pop()].pointers:
            if symbol in symbols and (pos, offset) not in found:
                found.add((pos, offset))
                stack.append((pos, offset))
    return found


def concrete_nouns(synsets: dict[tuple[str, str], RawSynset]) -> set[tuple[str, str]]:
    """Every noun synset below physical_entity, instances included."""
    return {PHYSICAL_ENTITY} | reachable({PHYSICAL_ENTITY}, synsets, ("~", "~i"))


def visual_adjectives(
    nouns: dict[tuple[str, str], RawSynset],
    adjectives: dict[tuple[str, str], RawSynset],
    adj_index: dict[str, list[str]],
) -> set[tuple[str, str]]:
    """Adjective heads of the visual attributes, their satellites, and the seed words' synsets."""
    heads = set()
    for synset in nouns.values():
        if any(lemma in VISUAL_ATTRIBUTES for lemma in synset.lemmas):
            heads.update((pos, off) for sym, pos, off in synset.pointers if sym == "=" and pos == "a")
    chosen = set(heads)
    for head in heads:
        chosen.update((pos, off) for sym, pos, off in adjectives[head].pointers if sym == "&")
    for word in VISUAL_ADJECTIVE_SEEDS:
        for offset in adj_index.get(word, []):
            synset = adjectives[("a", offset)]
            chosen.add(synset.key)
            # A head adjective brings its satellites (chromatic -> red, blue...); a satellite brings
            # its head (wooden "made of wood" -> woody), through which it reaches its noun (wood).
            chosen.update((pos, off) for sym, pos, off in synset.pointers if sym == "&")
    return chosen


def build(wordnet: Path) -> dict:
    nouns = read_data(wordnet / "data.noun")
    adjectives = read_data(wordnet / "data.adj")
    indexes = {
        pos: read_index(wordnet / f"index.{name}")
        for pos, name in (("n", "noun"), ("a", "adj"), ("v", "verb"), ("r", "adv"))
    }
    tag_counts = read_tag_counts(wordnet / "cntlist.rev")
    raw = {**nouns, **adjectives}

    sense_counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for pos in ("n", "a"):
        for lemma, offsets in indexes[pos].items():
            for number, offset in enumerate(offsets, start=1):
                sense_counts[(pos, offset)][lemma] = tag_counts.get((lemma, pos, number), 0)

    def worth_keeping(key: tuple[str, str]) -> bool:
        synset = raw[key]
        tagged = sum(sense_counts[key].values()) > 0
        return tagged or max(familiarity(lemma) for lemma in synset.lemmas) >= MIN_SYNSET_FAMILIARITY

    candidates = concrete_nouns(nouns) | visual_adjectives(nouns, adjectives, indexes["a"])
    kept = {key for key in candidates if worth_keeping(key)} | {PHYSICAL_ENTITY}
    kept |= reachable(kept, nouns, ("@", "@i"))  # every hypernym above, however rare its name
    order = sorted(kept)
    ids = {key: i for i, key in enumerate(order)}

    shares = SenseShares(indexes, tag_counts)

    def linked(synset: RawSynset, symbols: set[str] | tuple[str, ...]) -> list[int]:
        return list(dict.fromkeys(ids[(p, o)] for sym, p, o in synset.pointers if sym in symbols and (p, o) in ids))

    records = []
    for key in order:
        synset = raw[key]
        pos, offset = key
        head = synset.lemmas[0]
        number = indexes[pos][head].index(offset) + 1
        records.append([
            f"{head.replace(' ', '_')}.{synset.pos}.{number:02d}",
            synset.lemmas,
            [shares.familiarity(lemma, pos, offset) for lemma in synset.lemmas],
            linked(synset, ("@", "@i")) if pos == "n" else [],
            linked(synset, POINTER_RELATED),
            linked(synset, POINTER_DERIVED) if pos == "a" else [],
            sum(sense_counts[key].values()),
            int(any(sym == "@i" for sym, _, _ in synset.pointers)),
            NOUN_LEXFILES[synset.lexfile - FIRST_NOUN_LEXFILE] if pos == "n" else "",
        ])

    senses: dict[str, dict[str, list[list[int]]]] = {"n": {}, "a": {}}
    for pos in senses:
        for lemma, offsets in indexes[pos].items():
            found = [[ids[(pos, o)], sense_counts[(pos, o)].get(lemma, 0)] for o in offsets if (pos, o) in ids]
            if found:
                senses[pos][lemma] = found

    terms = {lemma for record in records for lemma in record[1]}
    return {
        "format": FORMAT_VERSION,
        "source": "WordNet 3.0, Princeton University (see WORDNET_LICENSE); distilled by scripts/build_lexicon.py",
        "synsets": records,
        "senses": senses,
        "familiarity": {term: familiarity(term) for term in sorted(terms)},
        "words": {
            pos: sorted(lemma for lemma in index if " " not in lemma and zipf_frequency(lemma, "en") > 0)
            for pos, index in indexes.items()
        },
        "exceptions": {
            pos: read_exceptions(wordnet / f"{name}.exc") for pos, name in (("n", "noun"), ("a", "adj"), ("v", "verb"))
        },
    }


def license_text(wordnet: Path) -> str:
    """WordNet's license, as printed at the head of every data file."""
    lines = ["lexicon.json.gz is derived from WordNet 3.0 and is distributed under its license:", ""]
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            break
        lines.append(line[2:].split(" ", 1)[1].rstrip() if line.strip() else "")
    return "\n".join(lines).strip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0 dict folder")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "expansion_svc" / "data")
    args = parser.parse_args()
    lexicon = build(args.wordnet)
    args.out.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(lexicon, separators=(",", ":"), ensure_ascii=False).encode()
    # mtime=0 keeps the committed file byte-identical across rebuilds of the same input.
    with gzip.GzipFile(args.out / "lexicon.json.gz", "wb", compresslevel=9, mtime=0) as out:
        out.write(payload)
    (args.out / "WORDNET_LICENSE").write_text(license_text(args.wordnet))
    nouns = {lemma for lemma in lexicon["senses"]["n"]}
    print(
        f"synsets {len(lexicon['synsets'])}, noun lemmas {len(nouns)}, adjective lemmas {len(lexicon['senses']['a'])}, "
        f"{(args.out / 'lexicon.json.gz').stat().st_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
