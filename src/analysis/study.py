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
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from . import config
from .engine import InlineEngine, make_engine
from .ingest import Progress
from .runner import run_stages
from .stages import PUBLIC_TABLES, STAGES

MANIFEST_NAME = "manifest.json"
TABLES = PUBLIC_TABLES
PACKAGE_DIR = Path(__file__).resolve().parent


def code_fingerprint() -> str:
    """A hash of the code (and the models and lexicons it ships) that studies a corpus."""
    digest = hashlib.sha256()
    _hash_tree(digest, PACKAGE_DIR, skip=("__pycache__",))
    return digest.hexdigest()


def study_fingerprint(corpus_dir: str | os.PathLike, code: str | None = None) -> str:
    """A hash of the corpus and of the code that studies it (``code``: its
    ``code_fingerprint``, when already known).

    Tables are reused only when both are unchanged: a new model, lexicon or rule in the
    package invalidates them as surely as a new article does.
    """
    digest = hashlib.sha256((code or code_fingerprint()).encode())
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
    keep_tables: bool = True,
    similarity: str = "static",
    reuse: bool = True,
    on_stage: Callable[[str, float], None] | None = None,
) -> dict:
    """Compute every table for ``corpus_dir`` and write them to ``out_dir`` as Parquet.

    The stages are ``analysis.stages.STAGES``, run by ``analysis.runner``; their pieces run
    on ``engine`` (default: worker processes on this machine, see ``analysis.engine``), and
    the tables are the same whatever the engine. Returns the tables, read back from
    ``out_dir``, or with ``keep_tables=False`` only the manifest (row counts included), for
    corpora whose tables should not be held in memory at once. ``similarity``: the sentence
    similarity of the agreement stage, "static" (the default: lexical features and static
    embeddings shipped with the package), "lexical" or "semantic" (the optional
    ``semantic`` extra: better on paraphrases, about 100 times slower per pair; for corpora
    of a few thousand articles). With ``reuse`` (the default), the rows of the stages cut up
    by article or story are kept in ``out_dir/.kept`` and reused by the next run for the
    articles and stories whose input rows are unchanged (``analysis.kept``): adding articles
    to a corpus recomputes those stages for the new articles and the stories they join.
    ``on_stage(name, seconds)`` is told when each stage ends (how long it took).
    """
    owned, engine = engine is None, engine or make_engine("local")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    code = code_fingerprint()  # the code at the start of the run: its tables and kept rows
    settings = {"corpus_dir": corpus_dir, "max_bytes": max_bytes, "engine": engine, "progress": progress,
                "similarity": similarity, "kept_in": out_dir if reuse else None, "fingerprint": code}
    try:
        rows = run_stages(STAGES, {}, out_dir, settings=settings, engine=engine, progress=progress,
                          fingerprint=code if reuse else None, on_stage=on_stage)
    finally:
        if owned:
            engine.close()
    manifest = {
        "study_fingerprint": study_fingerprint(corpus_dir, code),
        "tables": sorted(TABLES),
        "rows": dict(sorted(rows.items())),
        "max_bytes": max_bytes,
        "similarity": similarity,
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return read_tables(out_dir) if keep_tables else manifest


def read_tables(out_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """The tables stored in ``out_dir``."""
    return {name: pd.read_parquet(Path(out_dir) / f"{name}.parquet") for name in TABLES}


def read_manifest(out_dir: str | os.PathLike) -> dict:
    """What ``run_study`` said of the tables in ``out_dir`` (``{}`` when there are none)."""
    try:
        return json.loads((Path(out_dir) / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return {}


def is_current(corpus_dir: str | os.PathLike, out_dir: str | os.PathLike, *,
               similarity: str | None = None, max_bytes: int | None = None) -> bool:
    """Whether ``out_dir`` holds every table, made from ``corpus_dir`` and this code as they
    are now (and with the ``similarity`` backend and ``max_bytes``, when given)."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    if not manifest:
        return False
    if similarity is not None and manifest.get("similarity", "lexical") != similarity:
        return False
    if max_bytes is not None and manifest.get("max_bytes") != max_bytes:
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
