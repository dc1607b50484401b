"""Calques found from data: word 2-4-grams far more frequent in translations from German than
in original English news, chosen on one year and checked on the other.

    .venv/bin/python benchmarks/find_calques.py --data ../shared/benchmarks [--choose 21|23] [--strict]

Translations: the human and machine translations from German of the WMT benchmark
(``translation/dev.jsonl`` is WMT21, ``translation/wmt23.jsonl`` WMT23). Original English: the
same year's English originals and the ECB+ dev coverage (``coverage/sentences.jsonl``), less its
topics 29 and 37, which are vendored in ``tests/data/ecbplus`` and held out for the evaluation
gate. A phrase is a run of 2 to 4 lower-case words inside one line (no digits); a word that is
capitalised inside sentences more often than not is a name, and phrases with one are left out.

Chosen on the ``--choose`` year: a phrase is kept when it occurs in at least
``MIN_DOCUMENTS`` translated documents (20-segment groups; human and machine translations of one
German story are one document here), in at least ``MIN_SIDES`` of the two kinds of translation
(human, machine), and its rate in translations, per word, is at least ``MIN_RATIO`` times its
rate in original English (counts plus ``SMOOTHING``). Checked on the other year: each phrase's
hits in its translations and originals, the share of its original English documents with a hit
(the false-alarm rate) and of its translated documents (the hit rate), and the same on the held-
out native English news (the English content lines of the boilerplate dev pages; ECB+ topics 29
and 37).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path


N_MIN, N_MAX = 2, 4
# Kept phrases occur in at least this many translated documents of the choosing year ...
MIN_DOCUMENTS = 4
# ... in both kinds of translation (human and machine) ...
MIN_SIDES = 2
# ... at this many times their rate in original English at least.
MIN_RATIO = 8.0
# ... and in at most this many lines of original English (``--strict``: none).
MAX_NATIVE_HITS = None
SMOOTHING = 0.5
HELD_OUT_TOPICS = {29, 37}
TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][a-z]+)?|\d+|[^\w\s]")


def read_wmt(path: Path) -> dict[str, dict[str, list[str]]]:
    """label -> document (group) -> lines."""
    docs: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs[row["label"]][row["group"]].append((row["line"], row["text"]))
    return {label: {g: [t for _, t in sorted(lines)] for g, lines in groups.items()} for label, groups in docs.items()}


def read_ecb(path: Path, *, held_out: bool) -> dict[str, list[str]]:
    docs: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if (row["topic"] in HELD_OUT_TOPICS) == held_out:
            docs[row["doc"]].append(row["text"])
    return dict(docs)


def read_pages(path: Path) -> dict[str, list[str]]:
    docs = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            if page.get("lang") == "en":
                docs[page["doc_id"]] = [item["text"] for item in page["lines"] if item["label"] == "content"]
    return docs


def names(*corpora: dict[str, list[str]]) -> set[str]:
    """Words capitalised inside sentences (not first) more often than written in lower case."""
    upper, lower = Counter(), Counter()
    for corpus in corpora:
        for lines in corpus.values():
            for line in lines:
                tokens = TOKEN.findall(line)
                for i, token in enumerate(tokens):
                    if not token[0].isalpha():
                        continue
                    if token[0].isupper():
                        if i > 0 and tokens[i - 1] not in {".", "!", "?", ":", "\"", "“", "„"}:
                            upper[token.lower()] += 1
                    else:
                        lower[token] += 1
    return {word for word, n in upper.items() if n > lower[word]}


def phrases(line: str) -> set[tuple[str, ...]]:
    """The 2-4-grams of lower-cased words of a line, not across punctuation or digits."""
    found = set()
    run: list[str] = []
    for token in TOKEN.findall(line) + ["."]:
        if token[0].isalpha():
            run.append(token.lower().replace("’", "'"))
            continue
        for n in range(N_MIN, N_MAX + 1):
            for i in range(len(run) - n + 1):
                found.add(tuple(run[i:i + n]))
        run = []
    return found


def counts(docs: dict[str, list[str]]) -> tuple[Counter, Counter, int]:
    """Per phrase: hits (lines with it), documents with it; and the corpus's words."""
    hits, documents, words = Counter(), Counter(), 0
    for lines in docs.values():
        seen = set()
        for line in lines:
            found = phrases(line)
            hits.update(found)
            seen |= found
            words += len(re.findall(r"\w+", line))
        documents.update(seen)
    return hits, documents, words


def choose(translated: dict[str, dict[str, list[str]]], native: list[dict[str, list[str]]],
           excluded_words: set[str], max_native: int | None = MAX_NATIVE_HITS) -> list[dict]:
    """Phrases far more frequent in ``translated`` (kind -> documents) than in ``native``."""
    side_docs, all_hits, all_words = {}, Counter(), 0
    stories: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for kind, docs in translated.items():
        hits, documents, words = counts(docs)
        side_docs[kind] = documents
        all_hits += hits
        all_words += words
        for group, lines in docs.items():
            for line in lines:
                for phrase in phrases(line):
                    stories[phrase].add(group)
    native_hits, native_words = Counter(), 0
    for docs in native:
        hits, _, words = counts(docs)
        native_hits += hits
        native_words += words
    chosen = []
    for phrase, n in all_hits.items():
        if len(stories[phrase]) < MIN_DOCUMENTS or any(w in excluded_words for w in phrase):
            continue
        if sum(side_docs[kind][phrase] > 0 for kind in side_docs) < MIN_SIDES:
            continue
        ratio = ((n + SMOOTHING) / all_words) / ((native_hits[phrase] + SMOOTHING) / native_words)
        if max_native is not None and native_hits[phrase] > max_native:
            continue
        if ratio >= MIN_RATIO:
            chosen.append({"phrase": " ".join(phrase), "translated_hits": n, "translated_documents": len(stories[phrase]),
                           "native_hits": native_hits[phrase], "ratio": ratio})
    # a phrase inside a longer chosen one with the same hits says nothing more: keep the shorter
    kept = []
    by_text = {c["phrase"]: c for c in chosen}
    for c in chosen:
        words = c["phrase"].split()
        shorter = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + N_MIN, len(words) + 1)
                   if (i, j) != (0, len(words))]
        if any(s in by_text and by_text[s]["translated_hits"] >= c["translated_hits"] for s in shorter):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: (-c["ratio"], c["phrase"]))


def check(chosen: list[dict], corpora: dict[str, dict[str, list[str]]]) -> dict[str, dict]:
    """Per corpus: hits of each chosen phrase, and the share of documents with any."""
    wanted = {tuple(c["phrase"].split()) for c in chosen}
    out = {}
    for name, docs in corpora.items():
        per_phrase, with_any, words = Counter(), 0, 0
        for lines in docs.values():
            found = set()
            for line in lines:
                found |= phrases(line) & wanted
                words += len(re.findall(r"\w+", line))
            per_phrase.update(found)
            with_any += bool(found)
        out[name] = {"per_phrase": per_phrase, "documents": len(docs), "with_any": with_any, "words": words}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared benchmarks folder")
    parser.add_argument("--choose", choices=("21", "23"), default="21", help="the year phrases are chosen on")
    parser.add_argument("--strict", action="store_true", help="keep only phrases never seen in original English")
    args = parser.parse_args()
    years = {"21": read_wmt(args.data / "translation" / "dev.jsonl"),
             "23": read_wmt(args.data / "translation" / "wmt23.jsonl")}
    other = "23" if args.choose == "21" else "21"
    ecb = read_ecb(args.data / "coverage" / "sentences.jsonl", held_out=False)
    ecb_held = read_ecb(args.data / "coverage" / "sentences.jsonl", held_out=True)
    pages = read_pages(args.data / "boilerplate" / "dev.jsonl")
    chosen_year = years[args.choose]
    excluded = names(*chosen_year.values(), ecb)
    chosen = choose({"human": chosen_year["human_translated"], "machine": chosen_year["machine_translated"]},
                    [chosen_year["original_en"], ecb], excluded,
                    max_native=0 if args.strict else MAX_NATIVE_HITS)
    print(f"chosen on WMT{args.choose} (translations vs WMT{args.choose} originals + ECB+ less topics 29, 37): "
          f"{len(chosen)} phrases")
    held = {f"wmt{other}_original": years[other]["original_en"], f"wmt{other}_human": years[other]["human_translated"],
            f"wmt{other}_machine": years[other]["machine_translated"], "pages_content": pages, "ecb_29_37": ecb_held}
    checked = check(chosen, held)
    print(f"{'phrase':36s} {'tr.docs':>7s} {'native':>6s} {'ratio':>6s} | " +
          " ".join(f"{name:>13s}" for name in held))
    for c in chosen:
        phrase = tuple(c["phrase"].split())
        print(f"{c['phrase']:36s} {c['translated_documents']:7d} {c['native_hits']:6d} {c['ratio']:6.1f} | " +
              " ".join(f"{checked[name]['per_phrase'][phrase]:13d}" for name in held))
    print("\nheld out: documents with any chosen phrase")
    for name, figures in checked.items():
        print(f"  {name:16s} {figures['with_any']:4d} of {figures['documents']:4d} "
              f"({figures['with_any'] / max(figures['documents'], 1):.1%}); phrase hits {sum(figures['per_phrase'].values())}"
              f" in {figures['words']:,} words")


if __name__ == "__main__":
    main()
