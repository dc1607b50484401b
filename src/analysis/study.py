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
from .agreement.stage import compare_sources, content_sentences
from .boilerplate import flag_templates, keep_headlines, score_documents, score_within_stories
from .claims import extract_claims
from .engine import InlineEngine, make_engine
from .ingest import Progress, ingest_corpus
from .schema import conform
from .outlets import outlets_table
from .scorecard import sources_table
from .store import PartedTable, write_parquet
from .stories import add_story_ids
from .translation import find_artifacts, find_originals, style_scores

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
    keep_tables: bool = True,
    similarity: str = "lexical",
) -> dict:
    """Compute every table for ``corpus_dir`` and write them to ``out_dir`` as Parquet.

    The per-article and per-story steps run on ``engine`` (default: worker processes on this
    machine, see ``analysis.engine``); the tables are the same whatever the engine. Each
    table is written as soon as it is done and dropped from memory once no later step needs
    it; the agreement stage's tables (``alignments`` the largest) are written in parts as
    stories are compared, then merged (see ``analysis.store``). Returns the tables, read
    back from ``out_dir``, or with ``keep_tables=False`` only the manifest (row counts
    included), for corpora whose tables should not be held in memory at once.
    ``similarity``: the sentence similarity of the agreement stage, "lexical" (the default)
    or "semantic" (the optional ``semantic`` extra: better on paraphrases, about 100 times
    slower per pair; for corpora of a few thousand articles).
    """
    owned, engine = engine is None, engine or make_engine("local")
    run = {"engine": engine, "progress": progress}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}

    def done(name: str, frame: pd.DataFrame) -> None:
        write_parquet(frame, out_dir / f"{name}.parquet")
        rows[name] = len(frame)

    try:
        corpus = ingest_corpus(corpus_dir, max_bytes=max_bytes, **run)
        articles, blocks = corpus.articles, corpus.blocks
        done("errors", corpus.errors)
        done("sentences", corpus.sentences)
        # each table below replaces its frame: no second copy kept; the sentences are read
        # back when the claims need them, not held through the boilerplate and story steps
        del corpus
        release_memory()
        blocks = keep_headlines(flag_templates(score_documents(blocks, **run)), articles)
        story_articles = conform(add_story_ids(articles, blocks), "articles")
        done("articles", story_articles)
        blocks = conform(score_within_stories(blocks, story_articles, **run), "blocks")
        done("blocks", blocks)
        languages = dict(zip(articles["source_id"], articles["language"]))
        artifacts = conform(find_artifacts(blocks, languages, **run), "artifacts")
        done("artifacts", artifacts)
        styles = style_scores(blocks, languages, **run)
        translations = find_originals(blocks, languages)
        sentences = pd.read_parquet(out_dir / "sentences.parquet")
        claims = extract_claims(sentences, blocks, articles, **run)
        # from here on, blocks are needed for what is boilerplate and the per-source roll-up
        blocks = blocks[["source_id", "block_id", "n_chars", "is_boilerplate", "boilerplate_kind"]]
        sentences = content_sentences(sentences, blocks)
        release_memory()
        streamed = ("claims", "contradictions", "agreement", "alignments", "copies")
        parted = {name: PartedTable(name, out_dir / f"{name}.parquet") for name in streamed}
        compare_sources(sentences, blocks, claims, story_articles, write_to=parted, similarity=similarity,
                        translations=translations, **run)
        del claims, sentences, story_articles
        for name, table in parted.items():
            rows[name] = table.close()
        del parted
        release_memory()
        judged = pd.read_parquet(out_dir / "claims.parquet", columns=["source_id", "cluster_id", "status"])
        copies = pd.read_parquet(out_dir / "copies.parquet")
        sources = sources_table(articles, blocks, artifacts, judged, copies, styles=styles,
                                translations=translations, **run)
        done("sources", sources)
        outlet_columns = ["source_id", "outlet", "url", "story_id"]
        done("outlets", outlets_table(pd.read_parquet(out_dir / "articles.parquet", columns=outlet_columns),
                                      sources))
    finally:
        if owned:
            engine.close()
    manifest = {
        "study_fingerprint": study_fingerprint(corpus_dir),
        "tables": sorted(TABLES),
        "rows": dict(sorted(rows.items())),
        "max_bytes": max_bytes,
        "similarity": similarity,
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return read_tables(out_dir) if keep_tables else manifest


def release_memory() -> None:
    """Hand the memory of freed objects back to the system (glibc only; elsewhere a no-op).

    Python frees objects but its allocator keeps the pages, so without this the process
    stays at the size of its largest step (ingest's row dictionaries, a stage's results
    before they are stacked) for the rest of the study."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def read_tables(out_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """The tables stored in ``out_dir``."""
    return {name: pd.read_parquet(Path(out_dir) / f"{name}.parquet") for name in TABLES}


def is_current(corpus_dir: str | os.PathLike, out_dir: str | os.PathLike, *,
               similarity: str | None = None) -> bool:
    """Whether ``out_dir`` holds every table, made from ``corpus_dir`` and this code as they
    are now (and with the ``similarity`` backend, when one is given)."""
    out_dir = Path(out_dir)
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return False
    if similarity is not None and manifest.get("similarity", "lexical") != similarity:
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
