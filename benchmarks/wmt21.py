"""The WMT21 translation benchmark as documents, and its cross-validation folds.

A document is one label's block of 20 consecutive segments (the benchmark's ``group``); a
human and a machine translation of the same German story share a group, so folds split by
group and the same story never straddles train and test.

The machine-translated documents are mixtures: segment ``line`` of every document comes from
system ``SYSTEMS[line % 19]`` (checked on load). Leave-systems-out CV therefore cuts each
document by *system slot*: for a held-out set of systems, a test document keeps only the
lines whose slot is held out (about half of its 20 lines with two system folds). Human
translations are cut at the same lines as the machine translation of their story (a parallel
comparison), and originals at the same slots of their own line numbers, so the three kinds
of test document have the same length. Training documents keep the other slots.

``load`` also reads the WMT23 file of the same benchmark folder (``wmt23.jsonl``), whose
machine-translated runs each come from one system (not a mixture: no system slots, so no
leave-systems-out there; ``Benchmark.mixture`` says which), and leaves out its ``source_de``
rows (the German originals). ``cross_year`` gives (train, test) benchmarks both ways.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

GROUP_FOLDS = 5
SYSTEM_FOLDS = 2
SEED = 20241122
POSITIVE = "machine_translated"
LABELS = ("original_en", "human_translated", POSITIVE)


@dataclass(frozen=True)
class Document:
    label: str
    group: str
    lines: tuple[tuple[int, str], ...]  # (line number in the source file, text), in order

    def text(self, slots: frozenset[int] | None = None, n_slots: int = 19) -> str:
        """The document's lines, one a line; only those of ``slots`` when given."""
        return "\n".join(text for line, text in self.lines if slots is None or line % n_slots in slots)


@dataclass(frozen=True)
class Benchmark:
    documents: list[Document]
    systems: list[str]
    mixture: bool = True
    name: str = ""

    @property
    def labels(self) -> np.ndarray:
        return np.array([d.label for d in self.documents])

    @property
    def y(self) -> np.ndarray:
        return self.labels == POSITIVE

    def texts(self, slots: frozenset[int] | None = None) -> list[str]:
        return [d.text(slots, len(self.systems)) for d in self.documents]


def load(path: Path) -> Benchmark:
    """Documents keyed by label and group, in a stable order."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["label"] in LABELS:
                grouped[row["label"], row["group"]].append(row)
    systems = sorted({r["system"] for rows in grouped.values() for r in rows if r["label"] == POSITIVE})
    years = {r.get("year") for rows in grouped.values() for r in rows}
    mixture = years == {2021} or years == {None}
    if mixture:
        for rows in grouped.values():
            for r in rows:
                if r["label"] == POSITIVE and r["system"] != systems[r["line"] % len(systems)]:
                    raise ValueError(f"{path}: line {r['line']} is not from system slot {r['line'] % len(systems)}")
    documents = [
        Document(label, group, tuple((r["line"], r["text"]) for r in sorted(rows, key=lambda r: r["line"])))
        for (label, group), rows in sorted(grouped.items())
    ]
    name = "WMT" + "/".join(str(y)[2:] for y in sorted(y for y in years if y)) if years - {None} else Path(path).stem
    return Benchmark(documents, systems, mixture, name)


def combine(*benches: Benchmark) -> Benchmark:
    """Several benchmarks as one (documents of every year; no system slots)."""
    documents = [d for b in benches for d in b.documents]
    systems = sorted({s for b in benches for s in b.systems})
    return Benchmark(documents, systems, False, "+".join(b.name for b in benches))


def other_year(path: Path) -> Path | None:
    """The other year's file beside ``path`` (dev.jsonl is WMT21, wmt23.jsonl WMT23), if there."""
    other = Path(path).with_name("wmt23.jsonl" if Path(path).name != "wmt23.jsonl" else "dev.jsonl")
    return other if other.exists() else None


def group_folds(bench: Benchmark, n_folds: int = GROUP_FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train and test indices of documents, grouped by story."""
    groups = [d.group for d in bench.documents]
    return list(GroupKFold(n_folds).split(np.zeros(len(groups)), groups=groups))


def system_slot_folds(bench: Benchmark, n_folds: int = SYSTEM_FOLDS, seed: int = SEED) -> list[frozenset[int]]:
    """The system slots held out in each fold (systems shuffled, seeded, then dealt out)."""
    order = list(range(len(bench.systems)))
    random.Random(seed).shuffle(order)
    return [frozenset(order[k::n_folds]) for k in range(n_folds)]


def leave_systems_out(bench: Benchmark) -> Iterator[tuple[np.ndarray, np.ndarray, frozenset[int], frozenset[int]]]:
    """(train documents, test documents, train slots, test slots) for every pair of folds."""
    if not bench.mixture:
        raise ValueError(f"{bench.name}: machine translations are not system mixtures, no slots to leave out")
    every = frozenset(range(len(bench.systems)))
    for held_out in system_slot_folds(bench):
        for train, test in group_folds(bench):
            yield train, test, every - held_out, held_out
