"""Measuring ``originals.translation_pairs`` against a truth: pairs right, found and missed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def pair_measures(pairs: pd.DataFrame, truth: dict[str, str | None]) -> dict:
    """Precision (pairs right / pairs claimed) and recall (translations whose original is in
    the corpus paired with it) of ``pairs`` (``source_id``, ``translation_of``); ``truth`` maps
    each English source to its original's id, or None. The wrong pairs are listed."""
    found = dict(zip(pairs["source_id"], pairs["translation_of"]))
    right = sum(1 for english, original in found.items() if truth.get(english) == original)
    wanted = [english for english, original in truth.items() if original is not None]
    recalled = sum(1 for english in wanted if found.get(english) == truth[english])
    return {"claimed": len(found), "right": right, "wanted": len(wanted),
            "precision": right / len(found) if found else 1.0,
            "recall": recalled / len(wanted) if wanted else 1.0,
            "wrong": sorted((e, o, truth.get(e)) for e, o in found.items() if truth.get(e) != o)}


def load_pairs_corpus(root: str | Path) -> tuple[dict[str, str], dict[str, str], dict[str, str | None]]:
    """Texts and languages (by source id) of a corpus folder ``root/corpus`` with a
    ``sources.csv`` (``file``, ``language``), and the truth of ``root/truth.csv`` (``file``,
    ``translation_of``: the English file's original, blank when none)."""
    root = Path(root)
    sources = pd.read_csv(root / "corpus" / "sources.csv", keep_default_na=False)
    truth = pd.read_csv(root / "truth.csv", keep_default_na=False)
    texts = {Path(f).stem: (root / "corpus" / f).read_text(encoding="utf-8") for f in sources["file"]}
    languages = {Path(f).stem: language or None for f, language in zip(sources["file"], sources["language"])}
    originals = {Path(f).stem: (Path(o).stem if o else None) for f, o in zip(truth["file"], truth["translation_of"])
                 if languages.get(Path(f).stem) == "en"}
    return texts, languages, originals
