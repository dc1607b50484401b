"""Build a large corpus of many stories and many sources from real text, deterministically.

    .venv/bin/python benchmarks/make_corpus.py --data ../shared/benchmarks --articles 10000 \
        --out /tmp/corpus-10k [--seed 0] [--truth /tmp/corpus-10k.stories.csv] [--mixed 0.02]

The text is read from ``--data`` (never copied into the project):

- ``agreement/{train,dev}.jsonl`` (STS Benchmark, news genre): each pair is one fact told two
  ways, by two outlets;
- ``translation/dev.jsonl`` (WMT21 German-English): each German line as translated by a
  professional and by an MT system;
- ``boilerplate/dev.jsonl`` (91 real pages): their boilerplate lines are the page furniture
  of the corpus's sites.

A story is 30 such facts drawn at random (from a shuffled deck, so stories share no fact
until the deck of about 4,800 is used up, every 160 stories); each of its sources (2 to 40 per story, 21 on
average) tells about 80% of them, each in one of its two wordings, in paragraphs of one to
three sentences. Each source belongs to a site (one of the 91 pages, so sites recur across
stories) and carries its header and footer lines; a third add a "Read also" teaser from
another story; a fifth carry one or two injected translation artifacts (a machine-translation
notice, German quotation marks, a German number format, a doubled word). Files are named by
random hex ids (so a story's articles are spread over the corpus), 60% ``.txt`` and 40%
``.html``; ``sources.csv`` names each file's outlet (its site, "Site 01" to "Site 91"), so the
``outlets`` table pools each site over its stories. Same seed, same bytes. ``--truth``
writes which story each file was built from.

Stories share sentences, as real ones do (a background paragraph, a teaser): once the deck is
used up, facts recur. Seed 0, pairs of stories that share one fact / two / three / more (of
30): 10,000 articles (462 stories) 11,297 / 928 / 58 / 0; 25,000 (1,166) 92,896 / 8,136 /
478 / 8 share four; 100,000 (4,718) 1,691,319 / 149,706 / 8,440 / 335 share four, 9 five,
1 six.

``--mixed SHARE`` (default 0: none, and then the same bytes as without it) makes that share
of the articles round-ups that mix two stories: after its own story's facts, the article
tells as many of an earlier story's, so it is as close to that story as to its own. The
truth names its own story, and the other in ``mixed_with``.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

FACTS_PER_STORY = 30
SOURCES_PER_STORY = (2, 40)
FACT_KEPT = 0.8
TEASER_SHARE = 1 / 3
ARTIFACT_SHARE = 1 / 5
HTML_SHARE = 0.4
NOTICE = "This article was originally published in German and has been automatically translated."


@dataclass(frozen=True)
class Material:
    facts: list[tuple[str, str]]  # one fact, two wordings
    sites: list[tuple[list[str], list[str]]]  # header and footer lines of each site


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_material(data: Path) -> Material:
    """The real text the corpus is built from, in a fixed order."""
    facts = []
    for split in ("train", "dev"):
        for pair in _jsonl(data / "agreement" / f"{split}.jsonl"):
            if pair["genre"] == "main-news":
                facts.append((pair["sentence1"].strip(), pair["sentence2"].strip()))
    wmt: dict[tuple[str, int], dict[str, str]] = {}
    for row in _jsonl(data / "translation" / "dev.jsonl"):
        if row["label"] in ("human_translated", "machine_translated"):
            wmt.setdefault((row["group"], row["line"]), {})[row["label"]] = row["text"].strip()
    for key in sorted(wmt):
        if len(wmt[key]) == 2:
            facts.append((wmt[key]["human_translated"], wmt[key]["machine_translated"]))
    sites = []
    for page in _jsonl(data / "boilerplate" / "dev.jsonl"):
        labels = [line["label"] == "boilerplate" for line in page["lines"]]
        texts = [line["text"].strip() for line in page["lines"]]
        first = labels.index(False) if False in labels else len(labels)
        last = len(labels) - labels[::-1].index(False) if False in labels else len(labels)
        header = [t for t, b in zip(texts[:first], labels[:first]) if b and t][:12]
        footer = [t for t, b in zip(texts[last:], labels[last:]) if b and t][:10]
        sites.append((header, footer))
    return Material(facts=facts, sites=sites)


def _inject_artifact(paragraphs: list[str], rng: random.Random) -> list[str]:
    kind = rng.choice(["notice", "quotes", "number", "doubled"])
    if kind == "notice":
        return [*paragraphs, NOTICE]
    k = rng.randrange(len(paragraphs))
    text = paragraphs[k]
    if kind == "quotes":
        text = f"„{text.rstrip('.')}“, the report says."
    elif kind == "number":
        text = f"{text} The cost is put at {rng.randint(2, 99)}.{rng.randint(0, 999):03d} euros."
    else:
        words = text.split(" ")
        lower = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]{4,}", w)]
        if lower:
            i = rng.choice(lower)
            words.insert(i, words[i])
        text = " ".join(words)
    return paragraphs[:k] + [text] + paragraphs[k + 1:]


def _article(story: list[tuple[str, str]], teaser: str | None, site, rng: random.Random,
             other: list[tuple[str, str]] | None = None):
    kept = [rng.choice(fact) for fact in story if rng.random() < FACT_KEPT] or [story[0][0]]
    if other is not None:  # a round-up: half its own story, half the other's
        kept = kept[:len(kept) // 2 or 1]
        kept += [rng.choice(fact) for fact in other[:len(kept)]]
    paragraphs = []
    while kept:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(kept[:size]))
        kept = kept[size:]
    if rng.random() < ARTIFACT_SHARE:
        for _ in range(rng.randint(1, 2)):
            paragraphs = _inject_artifact(paragraphs, rng)
    header, footer = site
    title = story[0][0]
    footer = ([f"Read also: {teaser}"] if teaser else []) + footer
    return title, header, paragraphs, footer


def _as_html(title: str, header: list[str], paragraphs: list[str], footer: list[str]) -> str:
    def lines(tag, texts):
        return "".join(f"<{tag}>{html.escape(t)}</{tag}>\n" for t in texts)
    return (f"<html><head><title>{html.escape(title)}</title></head><body>\n"
            f"<nav>\n{lines('div', header)}</nav>\n<article>\n<h1>{html.escape(title)}</h1>\n"
            f"{lines('p', paragraphs)}</article>\n<footer>\n{lines('div', footer)}</footer>\n"
            "</body></html>\n")


def _as_text(title: str, header: list[str], paragraphs: list[str], footer: list[str]) -> str:
    return "\n\n".join([*header, title, *paragraphs, *footer]) + "\n"


def build_corpus(data: Path, n_articles: int, out: Path, *, seed: int = 0,
                 mixed: float = 0.0) -> list[dict]:
    """Write ``n_articles`` files into ``out``; return one row per file: file, story, site,
    bytes, mixed_with (the other story of a round-up, else empty)."""
    material = load_material(data)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    names: set[str] = set()
    story_no = 0
    deck: list[int] = []
    told: list[list[tuple[str, str]]] = []  # the stories so far, for round-ups
    while len(rows) < n_articles:
        story_no += 1
        if len(deck) < FACTS_PER_STORY:  # stories share no fact until the deck is used up
            deck = list(range(len(material.facts)))
            rng.shuffle(deck)
        story = [material.facts[i] for i in deck[-FACTS_PER_STORY:]]
        del deck[-FACTS_PER_STORY:]
        told.append(story)
        for _ in range(min(rng.randint(*SOURCES_PER_STORY), n_articles - len(rows))):
            teaser = rng.choice(material.facts)[0] if rng.random() < TEASER_SHARE else None
            site = rng.randrange(len(material.sites))
            other = None  # no random draw unless asked: without round-ups, the same bytes
            if mixed and story_no > 1 and rng.random() < mixed:
                other = rng.randrange(story_no - 1)
            parts = _article(story, teaser, material.sites[site], rng,
                             None if other is None else told[other])
            name = f"{rng.getrandbits(64):016x}"
            while name in names:
                name = f"{rng.getrandbits(64):016x}"
            names.add(name)
            if rng.random() < HTML_SHARE:
                path, data_text = out / f"{name}.html", _as_html(*parts)
            else:
                path, data_text = out / f"{name}.txt", _as_text(*parts)
            path.write_text(data_text, encoding="utf-8")
            rows.append({"file": path.name, "story": f"story-{story_no}", "site": site,
                         "bytes": len(data_text.encode("utf-8")),
                         "mixed_with": "" if other is None else f"story-{other + 1}"})
    with open(out / "sources.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "outlet"])
        writer.writerows((row["file"], f"Site {row['site'] + 1:02d}") for row in rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with agreement/, translation/ and boilerplate/ benchmarks")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--truth", type=Path,
                        help="CSV of file, story, site, bytes, mixed_with for each article")
    parser.add_argument("--mixed", type=float, default=0.0,
                        help="share of articles that are round-ups of two stories (default 0)")
    args = parser.parse_args()
    rows = build_corpus(args.data, args.articles, args.out, seed=args.seed, mixed=args.mixed)
    if args.truth:
        with open(args.truth, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=["file", "story", "site", "bytes", "mixed_with"])
            writer.writeheader()
            writer.writerows(rows)
    stories = len({row["story"] for row in rows})
    print(f"{len(rows)} articles, {stories} stories, "
          f"{sum(row['bytes'] for row in rows) / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
