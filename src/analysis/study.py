"""Run the study on a corpus and keep its tables as Parquet, with a manifest of what was read.

``run_study`` computes and writes; ``load_study`` reads the tables back, running the study
first when the tables are missing or were made from another corpus or by other code (the
manifest holds a fingerprint of both), so notebooks always show the corpus they are given,
as the current code studies it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from . import config
from .agreement.stage import compare_sources
from .boilerplate import flag_templates, score_documents, score_within_stories
from .claims import extract_claims
from .engine import InlineEngine, make_engine
from .ingest import Progress, ingest_corpus
from .schema import conform
from .outlets import outlets_table
from .scorecard import sources_table
from .stories import add_story_ids
from .translation import find_artifacts

MANIFEST_NAME = "manifest.json"
TABLES = ("articles", "blocks", "sentences", "artifacts", "claims", "contradictions", "agreement",
          "alignments", "copies", "sources", "outlets", "errors")
PACKAGE_DIR = Path(__file__).resolve().parent


def study_fingerprint(corpus_dir: str | os.PathLike) -> str:
    """A hash of the corpus and of the code that studies it.

    Tables are reused only when both are unchanged: a new model, lexicon or rule in the
    package invalidates them as surely as a new article does.
    """
    digest = hashlib.sha256()
    _hash_tree(digest, PACKAGE_DIR, skip=("__pycache__",))
    _hash_tree(digest, Path(corpus_dir))
    return digest.hexdigest()


def _hash_tree(digest, root: Path, skip: tuple[str, ...] = ()) -> None:
    """Feed every file's relative path and bytes under ``root`` into ``digest``, in order."""
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skip]
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode("utf-8", "replace"))
            try:
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            except OSError as exc:  # unreadable files still change the fingerprint
                digest.update(f"unreadable:{exc.errno}".encode())


def run_study(
    corpus_dir: str | os.PathLike = config.RAW_DIR,
    out_dir: str | os.PathLike = config.PROCESSED_DIR,
    *,
    max_bytes: int = config.MAX_FILE_BYTES_DEFAULT,
    progress: Progress | None = None,
    engine: InlineEngine | None = None,
) -> dict[str, pd.DataFrame]:
    """Compute every table for ``corpus_dir`` and write them to ``out_dir`` as Parquet.

    The per-article and per-story steps run on ``engine`` (default: worker processes on this
    machine, see ``analysis.engine``); the tables are the same whatever the engine.
    """
    owned, engine = engine is None, engine or make_engine("local")
    run = {"engine": engine, "progress": progress}
    corpus = ingest_corpus(corpus_dir, max_bytes=max_bytes, **run)
    tables, articles = corpus.tables(), corpus.articles
    del corpus  # each table below replaces its frame: no second copy kept
    blocks = flag_templates(score_documents(tables["blocks"], **run))
    tables["articles"] = conform(add_story_ids(articles, blocks), "articles")
    tables["blocks"] = conform(score_within_stories(blocks, tables["articles"], **run), "blocks")
    del blocks
    languages = dict(zip(articles["source_id"], articles["language"]))
    tables["artifacts"] = conform(find_artifacts(tables["blocks"], languages, **run), "artifacts")
    claims = extract_claims(tables["sentences"], tables["blocks"], articles, **run)
    compared = compare_sources(tables["sentences"], tables["blocks"], claims, tables["articles"], **run)
    del claims
    for name in list(compared):  # each frame freed once conformed
        tables[name] = conform(compared.pop(name), name)
    tables["sources"] = sources_table(articles, tables["blocks"], tables["artifacts"],
                                      tables["claims"], tables["copies"], **run)
    tables["outlets"] = outlets_table(tables["articles"], tables["sources"])
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        write_parquet(frame, out_dir / f"{name}.parquet")
    manifest = {
        "study_fingerprint": study_fingerprint(corpus_dir),
        "tables": sorted(tables),
        "rows": {name: len(frame) for name, frame in sorted(tables.items())},
        "max_bytes": max_bytes,
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    if owned:
        engine.close()
    return tables


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as Parquet, its columns made contiguous first: a table merged from chunks
    (worker results) would otherwise be written in other pages, other bytes, same values."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).combine_chunks(), path)


def read_tables(out_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """The tables stored in ``out_dir``."""
    return {name: pd.read_parquet(Path(out_dir) / f"{name}.parquet") for name in TABLES}


def is_current(corpus_dir: str | os.PathLike, out_dir: str | os.PathLike) -> bool:
    """Whether ``out_dir`` holds every table, made from ``corpus_dir`` and this code as they are now."""
    out_dir = Path(out_dir)
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return False
    return manifest.get("study_fingerprint") == study_fingerprint(corpus_dir) and all(
        (out_dir / f"{name}.parquet").exists() for name in TABLES
    )


def load_study(
    corpus_dir: str | os.PathLike = config.RAW_DIR,
    out_dir: str | os.PathLike = config.PROCESSED_DIR,
) -> dict[str, pd.DataFrame]:
    """The tables for ``corpus_dir``: read from ``out_dir``, computed there first if stale."""
    if not is_current(corpus_dir, out_dir):
        run_study(corpus_dir, out_dir)
    return read_tables(out_dir)
