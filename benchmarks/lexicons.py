"""Every lexicon entry measured on data: hits, rates and precision, written beside the lexicons.

    .venv/bin/python benchmarks/lexicons.py --data ../shared/benchmarks [--write]

For each lexicon file under ``src/analysis/data`` and each of its entries (a line; for
``role_categories.txt`` and ``measures.txt`` each alternative of a line), the hits of the entry
on each of these corpora of English text, and the words each corpus holds:

- ``wmt21_original``, ``wmt21_human``, ``wmt21_machine``: the WMT21 German-English news
  benchmark (``translation/dev.jsonl``): English originals, professional translations from
  German, machine translations of the same German (19 systems);
- ``wmt23_original``, ``wmt23_human``, ``wmt23_machine``: the same three of WMT23
  (``translation/wmt23.jsonl``);
- ``ecb``: the ECB+ dev coverage, native English news (``coverage/sentences.jsonl``, 496
  articles, one sentence a line, as the study reads them);
- ``pages_content``, ``pages_boilerplate``: the lines of the English pages of the boilerplate
  dev benchmark (``boilerplate/dev.jsonl``) by their label; ``pages_other_content``,
  ``pages_other_boilerplate`` those of its pages in other languages (5 pages: it, ru, ja), for the entries in other languages.

What a hit is depends on the lexicon (``KINDS``): a boilerplate pattern hits a line of at most
``LEXICON_MAX_WORDS`` words (as the study matches it); translation evidence (calques, notices)
hits anywhere in a line, once per match; a fragment opener hits when the fragment detector finds
a fragment it opens; an exception hits where it would stop a detector (a doubled word that is an
exception, a sentence opening that is one, a loanword in lower case); vocabulary (function
words, measure cues, role categories) hits where its words occur.

Precision, per kind of lexicon:

- boilerplate: the share of its hits on the dev pages' lines (English and other languages)
  that are labelled boilerplate; for an entry with no hit there, the same share on the lines of
  ``srcrel-labels.txt`` (``srcrel_content``, ``srcrel_boilerplate``: labelled lines written for
  the project, not a corpus; ``precision_on`` says which); an entry with no hit on either has
  no precision;
- notices: none (no corpus here holds a translation notice to count; their hits on native
  English, none, are in the table);
- translation evidence and fragment openers: the share of its hits that are in translations
  from German (WMT21 and WMT23, human and machine), of its hits in translations and in native
  English (the WMT originals, ECB+ and the pages' content lines), counts as they are (native
  English is the larger side: 3.3x the words);
- exceptions: the share of its hits that are in native English (where stopping the detector
  is right: nothing there is translated), of its hits in native English and translations;
- role categories: the share of its hits on native English news (ECB+ and the WMT
  originals) that name an organisation of the category, from the hand labels of a sample of
  hits (``benchmarks/data/role_category_hit_labels.csv``, up to ``ROLE_SAMPLE`` hits an
  entry, read for this benchmark);
- vocabulary of the style model and measure cues: no precision (they are features, not
  evidence); their rates only.

``--write`` writes one table per lexicon, ``src/analysis/data/lexicons/<folder>-<name>-measured.csv``
(``entry``, ``source``: where the entry came from, from its note or the file's header, and the
commit that last changed its line; hits and words per corpus; rates per million words;
``precision`` and ``precision_on``; ``n_hits_all``). A test checks that each shipped entry has its row.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.boilerplate.lexicon import LEXICON_MAX_WORDS, normalise_spaces
from analysis.config import PACKAGE_DATA_DIR
from analysis.lexicons import NOTE, split_alternatives
from analysis.text import split_sentences

OUT_DIR = PACKAGE_DATA_DIR / "lexicons"
REPO = Path(__file__).resolve().parents[1]
CORPORA = ("wmt21_original", "wmt21_human", "wmt21_machine", "wmt23_original", "wmt23_human",
           "wmt23_machine", "ecb", "pages_content", "pages_boilerplate", "pages_other_content",
           "pages_other_boilerplate", "srcrel_content", "srcrel_boilerplate")
SRCREL_LABELS = PACKAGE_DATA_DIR / "boilerplate" / "srcrel-labels.txt"
TRANSLATED = ("wmt21_human", "wmt21_machine", "wmt23_human", "wmt23_machine")
NATIVE = ("wmt21_original", "wmt23_original", "ecb", "pages_content")
LABELS = {"original_en": "original", "human_translated": "human", "machine_translated": "machine"}
WORD = re.compile(r"\w+")
# Hits of a role-category entry on native English news read by hand, at most this many an entry.
ROLE_SAMPLE = 10
ROLE_LABELS = REPO / "benchmarks" / "data" / "role_category_hit_labels.csv"


def load_corpora(data: Path) -> dict[str, list[list[str]]]:
    """Each corpus as documents, each a list of lines (a WMT segment, an ECB+ sentence, a page line)."""
    corpora: dict[str, dict[str, list[tuple[int, str]]]] = {name: {} for name in CORPORA}
    for path, year in ((data / "translation" / "dev.jsonl", 21), (data / "translation" / "wmt23.jsonl", 23)):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["label"] in LABELS:
                corpora[f"wmt{year}_{LABELS[row['label']]}"].setdefault(row["group"], []).append(
                    (row["line"], row["text"]))
    for line in (data / "coverage" / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        corpora["ecb"].setdefault(row["doc"], []).append((row["line"], row["text"]))
    with open(data / "boilerplate" / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            prefix = "pages" if page.get("lang") == "en" else "pages_other"
            for n, item in enumerate(page["lines"]):
                corpora[f"{prefix}_{item['label']}"].setdefault(page["doc_id"], []).append((n, item["text"]))
    page = None
    for n, line in enumerate(SRCREL_LABELS.read_text(encoding="utf-8").splitlines()):
        if line.startswith("## page:"):
            page = line
        elif line[:2] in ("B ", "C ") and page:
            label = "boilerplate" if line[0] == "B" else "content"
            corpora[f"srcrel_{label}"].setdefault(page, []).append((n, line[2:]))
    return {name: [[text for _, text in sorted(lines)] for _, lines in sorted(docs.items())]
            for name, docs in corpora.items()}


def words(docs: list[list[str]]) -> int:
    return sum(len(WORD.findall(line)) for doc in docs for line in doc)


@dataclass(frozen=True)
class Entry:
    pattern: str  # what is matched (a regular expression, or a word)
    line: int     # 1-based line of the lexicon file
    note: str     # the note after the pattern, if any


def file_entries(path: Path, *, alternatives: bool = False, column: int | None = None,
                 separator: str = "\t") -> list[Entry]:
    """A lexicon's entries in file order (each alternative of a line when ``alternatives``)."""
    entries = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        note = NOTE.search(raw)
        text = NOTE.sub("", raw).strip()
        if column is not None:
            text = text.split(separator, column)[column].strip()
        parts = split_alternatives(text) if alternatives else [text]
        entries += [Entry(part, n, note.group(0).strip().lstrip("#").strip() if note else "") for part in parts]
    return entries


def header(path: Path) -> str:
    """The comment lines at the head of a lexicon file, joined (its stated source)."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.startswith("#"):
            break
        lines.append(raw.lstrip("# ").strip())
    return " ".join(lines)


def last_commit(path: Path) -> dict[int, str]:
    """Line number -> short hash of the commit that last changed the line (git blame)."""
    out = subprocess.run(["git", "blame", "--line-porcelain", str(path.relative_to(REPO))], cwd=REPO,
                         capture_output=True, text=True, check=False).stdout
    commits, line = {}, 0
    for row in out.splitlines():
        if re.match(r"^[0-9a-f]{40} ", row):
            commit, _, final = row.split()[:3]
            line = int(final)
            commits[line] = commit[:7]
    return commits


# How an entry hits one line of text: the number of hits.
Counter = Callable[[Entry], Callable[[list[str]], int]]


def regex_hits(flags=re.IGNORECASE, *, short_lines=False, anchored=False) -> Counter:
    def make(entry: Entry):
        compiled = re.compile(entry.pattern, flags)

        def count(doc: list[str]) -> int:
            total = 0
            for line in doc:
                if short_lines:
                    if len(line.split()) > LEXICON_MAX_WORDS:
                        continue
                    line = normalise_spaces(line)
                    total += bool(compiled.search(line))
                else:
                    total += sum(1 for _ in compiled.finditer(line))
            return total
        return count
    return make


def boundary_hits(entry: Entry):
    """A word or a cue (a regular expression of words) between word boundaries."""
    compiled = re.compile(rf"(?<![\w'’-])(?:{entry.pattern})(?![\w'’-])", re.IGNORECASE)
    return lambda doc: sum(1 for line in doc for _ in compiled.finditer(line))


def doubled_hits(entry: Entry):
    compiled = re.compile(rf"\b({re.escape(entry.pattern)})\s+\1\b", re.IGNORECASE)
    return lambda doc: sum(1 for line in doc for _ in compiled.finditer(line))


def loanword_hits(entry: Entry):
    # the foreign-word detector reads lower-case words only
    compiled = re.compile(rf"(?<![\w'’-]){re.escape(entry.pattern)}(?![\w'’-])")
    return lambda doc: sum(1 for line in doc for _ in compiled.finditer(line))


def _sentences(doc: list[str]) -> Iterable[tuple[str | None, str]]:
    for line in doc:
        previous = None
        for _, _, sentence in split_sentences(line):
            yield previous, sentence
            previous = sentence


def fragment_opener_hits(entry: Entry):
    """Fragments (as the detector finds them) that this opener opens."""
    from analysis.translation.detectors import FRAGMENT_LEAD, is_fragment

    opener = re.compile(rf"{FRAGMENT_LEAD}(?:{entry.pattern})\s+", re.IGNORECASE)
    return lambda doc: sum(1 for previous, sentence in _sentences(doc)
                           if opener.match(sentence) and is_fragment(sentence, previous))


def fragment_exception_hits(entry: Entry):
    """Sentences after a sentence that opens with the exception (where it stops the detector)."""
    from analysis.translation.detectors import FRAGMENT_LEAD

    compiled = re.compile(rf"{FRAGMENT_LEAD}(?:{entry.pattern})", re.IGNORECASE)
    return lambda doc: sum(1 for _, sentence in _sentences(doc) if compiled.match(sentence))


@dataclass(frozen=True)
class Lexicon:
    folder: str
    name: str
    kind: str  # boilerplate, evidence, notice, opener, exception, role, vocabulary
    hits: Counter
    alternatives: bool = False
    column: int | None = None
    separator: str = "\t"

    @property
    def path(self) -> Path:
        return PACKAGE_DATA_DIR / self.folder / f"{self.name}.txt"

    @property
    def table(self) -> Path:
        return OUT_DIR / f"{self.folder}-{self.name}-measured.csv"


BOILERPLATE = regex_hits(short_lines=True)
LEXICONS = [
    Lexicon("translation", "calques", "evidence", regex_hits()),
    # a notice states that the text was translated: no corpus here has one, so its precision
    # cannot be measured; its false alarms on native English can (none: the test checks it)
    Lexicon("translation", "notices", "notice", regex_hits()),
    Lexicon("translation", "fragment_openers", "opener", fragment_opener_hits),
    Lexicon("translation", "fragment_exceptions", "exception", fragment_exception_hits),
    Lexicon("translation", "doubled_word_exceptions", "exception", doubled_hits),
    Lexicon("translation", "english_loanwords", "exception", loanword_hits),
    Lexicon("translation", "function_words_en", "vocabulary", boundary_hits),
    *(Lexicon("boilerplate", kind, "boilerplate", BOILERPLATE)
      for kind in ("byline", "caption", "comments", "dateline", "navigation", "promo", "share", "teaser")),
    Lexicon("agreement", "role_categories", "role", regex_hits(), alternatives=True, column=2),
    Lexicon("agreement", "measures", "vocabulary", boundary_hits, alternatives=True, column=1, separator=":"),
]
# Not measured here: boilerplate/page_sections.txt matches HTML element names (ids, classes),
# not text; it is judged by the page model's grouped CV (tests/eval_floors.json,
# boilerplate_page).


def precision(kind: str, hits: dict[str, int], role_labels: dict[str, tuple[int, int]],
              entry: Entry) -> tuple[float | None, str]:
    """The entry's precision and the data it was measured on."""
    translated = sum(hits[c] for c in TRANSLATED)
    native = sum(hits[c] for c in NATIVE)
    if kind == "boilerplate":
        boilerplate = hits["pages_boilerplate"] + hits["pages_other_boilerplate"]
        labelled = boilerplate + hits["pages_content"] + hits["pages_other_content"]
        if labelled:
            return boilerplate / labelled, "dev pages"
        labelled = hits["srcrel_boilerplate"] + hits["srcrel_content"]
        if labelled:
            return hits["srcrel_boilerplate"] / labelled, "srcrel-labels (written for the project)"
        return None, ""
    return _precision(kind, translated, native, role_labels, entry)


def _precision(kind, translated, native, role_labels, entry) -> tuple[float | None, str]:
    if kind in ("evidence", "opener"):
        return (translated / (translated + native), "WMT21, WMT23, ECB+, dev pages") if translated + native else (None, "")
    if kind == "exception":
        return (native / (translated + native), "WMT21, WMT23, ECB+, dev pages") if translated + native else (None, "")
    if kind == "role":
        right, read = role_labels.get(entry.pattern, (0, 0))
        return (right / read, "hits on native English read by hand") if read else (None, "")
    return None, ""


def role_samples(lexicon: Lexicon, corpora: dict[str, list[list[str]]]) -> list[dict]:
    """Up to ``ROLE_SAMPLE`` hits of each role-category entry on native English news, in corpus order."""
    rows = []
    for entry in file_entries(lexicon.path, alternatives=True, column=2):
        compiled = re.compile(entry.pattern, re.IGNORECASE)
        found = []
        for corpus in ("ecb", "wmt21_original", "wmt23_original", "pages_content"):
            for d, doc in enumerate(corpora[corpus]):
                for line in doc:
                    for match in compiled.finditer(line):
                        left, right = max(match.start() - 60, 0), match.end() + 60
                        found.append({"entry": entry.pattern, "corpus": corpus, "doc": d,
                                      "match": match.group(0), "context": line[left:right]})
        # spread over the hits: every k-th
        step = max(len(found) // ROLE_SAMPLE, 1)
        rows += found[::step][:ROLE_SAMPLE]
    return rows


def read_role_labels() -> dict[str, tuple[int, int]]:
    if not ROLE_LABELS.exists():
        return {}
    totals: dict[str, list[int]] = {}
    with open(ROLE_LABELS, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["names_the_category"] in ("yes", "no"):
                right_read = totals.setdefault(row["entry"], [0, 0])
                right_read[0] += row["names_the_category"] == "yes"
                right_read[1] += 1
    return {entry: (right, read) for entry, (right, read) in totals.items()}


def measure(lexicon: Lexicon, corpora: dict[str, list[list[str]]], sizes: dict[str, int],
            role_labels: dict[str, tuple[int, int]]) -> list[dict]:
    commits = last_commit(lexicon.path)
    stated = header(lexicon.path)
    rows = []
    for entry in file_entries(lexicon.path, alternatives=lexicon.alternatives, column=lexicon.column,
                              separator=lexicon.separator):
        count = lexicon.hits(entry)
        hits = {corpus: sum(count(doc) for doc in corpora[corpus]) for corpus in CORPORA}
        source = entry.note or f"hand-written; file header: {stated[:160]}"
        row = {"entry": entry.pattern, "line": entry.line, "source": source,
               "last_changed_in": commits.get(entry.line, "uncommitted"), "kind": lexicon.kind}
        row |= {f"hits_{c}": hits[c] for c in CORPORA}
        row |= {f"per_million_{c}": round(1e6 * hits[c] / sizes[c], 1) for c in CORPORA}
        value, measured_on = precision(lexicon.kind, hits, role_labels, entry)
        row["precision"] = None if value is None else round(value, 3)
        row["precision_on"] = measured_on
        row["n_hits_all"] = sum(hits.values())
        rows.append(row)
    return rows


FIELDS = ["entry", "line", "source", "last_changed_in", "kind", *(f"hits_{c}" for c in CORPORA),
          *(f"per_million_{c}" for c in CORPORA), "precision", "precision_on", "n_hits_all"]


def write(lexicon: Lexicon, rows: list[dict], sizes: dict[str, int]) -> None:
    OUT_DIR.mkdir(exist_ok=True)
    with open(lexicon.table, "w", encoding="utf-8", newline="") as handle:
        handle.write(f"# {lexicon.folder}/{lexicon.name}.txt measured by benchmarks/lexicons.py; kind {lexicon.kind}; "
                     f"words per corpus: " + ", ".join(f"{c} {sizes[c]}" for c in CORPORA) + "\n")
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared benchmarks folder")
    parser.add_argument("--write", action="store_true", help="write the measured tables into the package data")
    parser.add_argument("--only", nargs="*", help="lexicons to measure (folder/name), default all")
    parser.add_argument("--role-samples", type=Path, help="write a sample of role-category hits to label")
    args = parser.parse_args()
    corpora = load_corpora(args.data)
    sizes = {name: words(docs) for name, docs in corpora.items()}
    print("words: " + ", ".join(f"{name} {n:,}" for name, n in sizes.items()))
    if args.role_samples:
        lexicon = next(x for x in LEXICONS if x.kind == "role")
        with open(args.role_samples, "w", encoding="utf-8", newline="") as handle:
            samples = role_samples(lexicon, corpora)
            writer = csv.DictWriter(handle, fieldnames=[*samples[0], "names_the_category"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(samples)
        return
    role_labels = read_role_labels()
    for lexicon in LEXICONS:
        if args.only and f"{lexicon.folder}/{lexicon.name}" not in args.only:
            continue
        rows = measure(lexicon, corpora, sizes, role_labels)
        print(f"\n{lexicon.folder}/{lexicon.name} ({lexicon.kind})")
        print(f"{'entry':60s} {'prec':>5s} {'ecb':>4s} {'p_cont':>6s} {'p_boil':>6s} {'o21':>4s} {'h21':>4s} "
              f"{'m21':>4s} {'o23':>4s} {'h23':>4s} {'m23':>4s}")
        for row in rows:
            p = "" if row["precision"] is None else f"{row['precision']:.2f}"
            print(f"{row['entry'][:60]:60s} {p:>5s} {row['hits_ecb']:4d} {row['hits_pages_content']:6d} "
                  f"{row['hits_pages_boilerplate']:6d} {row['hits_wmt21_original']:4d} {row['hits_wmt21_human']:4d} "
                  f"{row['hits_wmt21_machine']:4d} {row['hits_wmt23_original']:4d} {row['hits_wmt23_human']:4d} "
                  f"{row['hits_wmt23_machine']:4d}")
        if args.write:
            write(lexicon, rows, sizes)


if __name__ == "__main__":
    main()
