"""Distil the Open Multilingual Wordnet into the expansion service's foreign-word table.

Run by developers, not at service start, after scripts/build_lexicon.py:

    python scripts/build_foreign_lexicon.py --omw omw-data/wns [--wordnet /usr/share/wordnet]

Input: the `wns` folder of the Open Multilingual Wordnet's data repository
(omwn/omw-data on GitHub, commit f75be19; OMW 1.4 data). No PyPI package
ships it for offline use: `wn` downloads at run time, nltk's `omw-1.4` is not
on PyPI, and the packages that name it (omw, cyg, passivlingo-dictionary)
hold code only. Its tab files link lemmas to WordNet 3.0 offsets, which
`/usr/share/wordnet` (Debian's `wordnet-base`) turns into the synset names
the lexicon uses.

Sources per language: the language's own wordnet where OMW has one (French
WOLF; Italian MultiWordNet and ItalWordNet; Portuguese OpenWN-PT) plus OMW's
Wiktionary and CLDR links, which are all it has for German and (in this copy,
whose Spanish MCR file is absent) for Spanish. Kept: links to synsets the
English lexicon keeps (concrete nouns and visual adjectives), and to
synsets with a curated key among their lemmas (autumn, sunset, birthday)
whose entry names no senses (an entry that names them means only those),
stored as "=" + the key; instances (places, people) left out. A lemma's
synsets are ranked lexicon synsets first ("noir" is black the colour
adjective before black the noun), then by how many sources agree, then by
SemCor tag count, so "gato" means the cat before the jack.

Output: `foreign.json.gz` (format in expansion_svc/core/foreign.py) and
`OMW_LICENSES`. The same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from expansion_svc.core.foreign import FORMAT_VERSION, LANGUAGE_NAMES, fold
from scripts.build_lexicon import FILE_POS, read_data, read_index

# Files under wns/ per language (ISO 639-1 code), most curated first.
SOURCES = {
    "es": ("wikt/wn-wikt-spa.tab", "cldr/wn-cldr-spa.tab"),
    "fr": ("fra/wn-data-fra.tab", "wikt/wn-wikt-fra.tab", "cldr/wn-cldr-fra.tab"),
    "de": ("wikt/wn-wikt-deu.tab", "cldr/wn-cldr-deu.tab"),
    "it": ("ita/wn-data-ita.tab", "iwn/wn-data-ita.tab", "wikt/wn-wikt-ita.tab", "cldr/wn-cldr-ita.tab"),
    "pt": ("por/wn-data-por.tab", "wikt/wn-wikt-por.tab", "cldr/wn-cldr-por.tab"),
}
LICENSED_FOLDERS = ("fra", "ita", "iwn", "por", "wikt", "cldr")


def synset_names(wordnet: Path, kept: set[str]) -> dict[tuple[str, str], str]:
    """(pos, offset) -> the lexicon's synset name ("dog.n.01"), for nouns and adjectives the lexicon keeps;
    a synset it does not keep but that has a curated key among its lemmas (autumn, sunset, birthday:
    no physical things) maps to "=" + that key, the English term itself."""
    from expansion_svc.core.curated import CURATED

    names = {}
    for name, pos in (("noun", "n"), ("adj", "a")):
        index = read_index(wordnet / f"index.{name}")
        for key, synset in read_data(wordnet / f"data.{name}").items():
            head = synset.lemmas[0]
            number = index[head].index(synset.offset) + 1
            names[key] = f"{head.replace(' ', '_')}.{synset.pos}.{number:02d}"
            if names[key] not in kept:
                # Only a key whose entry names no senses of its own: "bag" means bag.n.01, so the synset of
                # "cup of tea" (one's bag, what one likes) is not "bag"; "autumn" names none.
                curated = next(
                    (lemma for lemma in synset.lemmas if lemma in CURATED and not CURATED[lemma].senses), None
                )
                names[key] = f"={curated}" if curated else names[key]
    return names


def read_links(path: Path) -> list[tuple[tuple[str, str], str]]:
    """((pos, offset), lemma) pairs of one OMW tab file; definitions and examples skipped."""
    links = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        offset_pos, kind, lemma = line.split("\t")[:3]
        if not kind.endswith("lemma"):
            continue
        offset, pos = offset_pos.split("-")
        if pos in FILE_POS:
            links.append(((FILE_POS[pos], offset), lemma.strip()))
    return links


def build(omw: Path, wordnet: Path, lexicon: dict) -> dict:
    # Instances (El Salvador for "el", Nice for "nice") are names, never what a common word means.
    tag_counts = {record[0]: record[6] for record in lexicon["synsets"] if not record[7]}
    names = synset_names(wordnet, set(tag_counts))
    tag_counts.update({name: 0 for name in names.values() if name.startswith("=")})
    languages = {}
    for language, files in SOURCES.items():
        votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for file in files:
            for key, lemma in read_links(omw / file):
                name = names.get(key)
                word = fold(lemma)
                if name in tag_counts and word:
                    votes[word][name] += 1
        lemmas = {
            word: sorted(found, key=lambda n: (n.startswith("="), -found[n], -tag_counts[n], n))
            for word, found in sorted(votes.items())
        }
        languages[language] = {"name": LANGUAGE_NAMES[language], "sources": list(files), "lemmas": lemmas}
    return {
        "format": FORMAT_VERSION,
        "source": "Open Multilingual Wordnet 1.4 data (omw-data f75be19; see OMW_LICENSES), "
                  "distilled by scripts/build_foreign_lexicon.py",
        "languages": languages,
    }


def coverage(table: dict, lexicon: dict) -> list[str]:
    """Per language: lemmas, synsets reached, and their share of the lexicon's synsets and of the
    synsets the curated map names (the concepts photo searches use most); for docs/expansion.md."""
    from expansion_svc.core.curated import CURATED

    kept = {record[0] for record in lexicon["synsets"] if not record[7]}
    curated = {name for entry in CURATED.values() for name in entry.senses}
    lines = ["| language | lemmas | synsets | share of the lexicon's synsets | curated senses covered |",
             "| --- | --- | --- | --- | --- |"]
    for code, language in table["languages"].items():
        synsets = {n for found in language["lemmas"].values() for n in found}
        lines.append(f"| {language['name']} ({code}) | {len(language['lemmas']):,} | {len(synsets):,} | "
                     f"{len(synsets & kept) / len(kept):.1%} | {len(synsets & curated)} of {len(curated)} |")
    return lines


def _text(path: Path) -> str:
    """A license or citation file; a few are Latin-1, not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("latin-1").strip()


def licenses(omw: Path) -> str:
    parts = ["foreign.json.gz is derived from these parts of the Open Multilingual Wordnet; each keeps its license:"]
    for folder in LICENSED_FOLDERS:
        header = _text(omw / folder / "citation.bib")
        parts += ["", "=" * 72, f"wns/{folder}", "=" * 72, header, "", _text(omw / folder / "LICENSE")]
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--omw", type=Path, required=True, help="the wns folder of omw-data")
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0 dict folder")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "expansion_svc" / "data")
    args = parser.parse_args()
    lexicon = json.loads(gzip.decompress((args.out / "lexicon.json.gz").read_bytes()))
    table = build(args.omw, args.wordnet, lexicon)
    payload = json.dumps(table, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()
    with gzip.GzipFile(args.out / "foreign.json.gz", "wb", compresslevel=9, mtime=0) as out:
        out.write(payload)
    (args.out / "OMW_LICENSES").write_text(licenses(args.omw), encoding="utf-8")
    for line in coverage(table, lexicon):
        print(line)
    print(f"{(args.out / 'foreign.json.gz').stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
