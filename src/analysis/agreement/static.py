"""Static sentence embeddings, distilled here from all-MiniLM-L6-v2: a semantic signal for the
default backend at the cost of a table look-up.

The lexical features miss a paraphrase with few words in common ("checked herself into
Promises" / "entered rehab"); the MiniLM encoder of the optional ``semantic`` backend does not,
but needs torch and costs 2.6x the run. Model2Vec (Tulkens & van Dongen 2024) distils such an
encoder into one vector per token of its vocabulary: each token is passed through MiniLM
alone, the outputs reduced by PCA and weighted by the token's rarity (SIF, from its rank in
the vocabulary). A sentence's embedding is then the mean of its tokens' vectors, computed here
with numpy only: the tokenizer is BERT's uncased WordPiece (written out below, checked against
the ``tokenizers`` package by ``benchmarks/distill_static.py``), the vectors ship as package
data (``data/agreement/static_minilm.npz``: 128 PCA dimensions, int8 with one scale per
token, 3.8 MB; with the vocabulary in
``static_minilm_vocab.txt``; see that folder's README for how to rebuild them). Nothing is
downloaded and no model library is imported; both files are checked against their SHA-256
before use.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

FEATURE_NAME = "static_cosine"
EMBEDDINGS_RESOURCE = "static_minilm.npz"
VOCAB_RESOURCE = "static_minilm_vocab.txt"
# SHA-256 of the shipped files (written by benchmarks/distill_static.py; a rebuild changes them).
EMBEDDINGS_SHA256 = "5b1ca2eb54de0e7a2f506dd2eb5d8f267b8bb91cd2761bf6a06ff7296fb353c5"
VOCAB_SHA256 = "2154fe433507696463956bfdd3e6f74a8413e13f3f73e0e10d1b0565b958628d"
# BERT's WordPiece: a word longer than this is one unknown token; continuations carry "##".
MAX_WORD_CHARS = 100
CONTINUATION = "##"
UNKNOWN = "[UNK]"
# Distinct texts whose embeddings are kept per process (a story of 10,000 sentences at 128
# float32 dimensions holds 5 MB).
EMBEDDING_CACHE_MAX_DEFAULT = 200_000


class StaticModelError(RuntimeError):
    """The shipped static embeddings are missing or not the ones the code was written for."""


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


_SPACE = re.compile(r"\s+")
# ASCII text (most of it): control characters but tab and line breaks go, then words are runs
# of letters and digits and every other visible character is a token of its own.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def basic_tokens(text: str) -> list[str]:
    """BERT's uncased basic tokenizer: control characters dropped, lower case, accents
    stripped, split on white space and around each punctuation mark and CJK character."""
    if text.isascii():
        return _ASCII_TOKEN.findall(_ASCII_CONTROL.sub("", text).lower())
    kept = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD:
            continue
        if char in "\t\n\r" or unicodedata.category(char) == "Zs":
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        elif _is_cjk(code):
            kept.append(f" {char} ")
        else:
            kept.append(char)
    text = unicodedata.normalize("NFD", "".join(kept).lower())
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    out = []
    for word in _SPACE.split(text):
        start = 0
        for i, char in enumerate(word):
            if _is_punctuation(char):
                if start < i:
                    out.append(word[start:i])
                out.append(char)
                start = i + 1
        if start < len(word):
            out.append(word[start:])
    return out


class WordPiece:
    """Greedy longest-match-first WordPiece over a vocabulary (token -> id); each distinct
    word is split once per process."""

    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab
        self.unknown = vocab.get(UNKNOWN)
        self._words: dict[str, tuple[int, ...]] = {}

    def word_ids(self, word: str) -> tuple[int, ...]:
        found = self._words.get(word)
        if found is not None:
            return found
        found = self._split(word)
        if len(self._words) < EMBEDDING_CACHE_MAX_DEFAULT:
            self._words[word] = found
        return found

    def _split(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unknown,)
        ids, start = [], 0
        while start < len(word):
            end, piece = len(word), None
            while start < end:
                piece = self.vocab.get(word[start:end] if start == 0 else CONTINUATION + word[start:end])
                if piece is not None:
                    break
                end -= 1
            if piece is None:
                return (self.unknown,)
            ids.append(piece)
            start = end
        return tuple(ids)

    def ids(self, text: str) -> list[int]:
        """The token ids of ``text``, no special tokens."""
        return [i for word in basic_tokens(text) for i in self.word_ids(word)]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _resource(name: str) -> bytes:
    return resources.files("analysis").joinpath("data", "agreement", name).read_bytes()


class StaticModel:
    """Token vectors and their tokenizer; ``encode`` gives unit-length sentence embeddings."""

    def __init__(self, vectors: np.ndarray, vocab: list[str]):
        if len(vectors) != len(vocab):
            raise StaticModelError(f"{len(vectors)} vectors for {len(vocab)} tokens")
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.tokenizer = WordPiece({token: i for i, token in enumerate(vocab)})
        self.dim = self.vectors.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32, each row the mean of its known tokens' vectors scaled to unit
        length (zeros for a text with no known token)."""
        unknown = self.tokenizer.unknown
        ids = [[i for i in self.tokenizer.ids(text) if i != unknown] for text in texts]
        lengths = np.array([len(row) for row in ids], dtype=np.int64)
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            flat = np.fromiter((i for row in ids for i in row), dtype=np.int64, count=int(lengths.sum()))
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[filled]
            sums = np.add.reduceat(self.vectors[flat], starts, axis=0)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[filled] = sums / np.maximum(norms, 1e-12)
        return out


@lru_cache(maxsize=1)
def load_model() -> StaticModel:
    """The shipped static model, loaded once per process from package data and checked
    against its SHA-256."""
    import io

    raw = {name: _resource(name) for name in (EMBEDDINGS_RESOURCE, VOCAB_RESOURCE)}
    for name, expected in ((EMBEDDINGS_RESOURCE, EMBEDDINGS_SHA256), (VOCAB_RESOURCE, VOCAB_SHA256)):
        if _sha256(raw[name]) != expected:
            raise StaticModelError(
                f"analysis/data/agreement/{name} is not the shipped static model (SHA-256 "
                f"{expected}): reinstall the package, or rebuild it with benchmarks/distill_static.py "
                "and record the new SHA-256 in analysis.agreement.static")
    with np.load(io.BytesIO(raw[EMBEDDINGS_RESOURCE]), allow_pickle=False) as stored:
        vectors = stored["vectors"].astype(np.float32) * stored["scales"].astype(np.float32)[:, None]
    vocab = raw[VOCAB_RESOURCE].decode("utf-8").split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    return StaticModel(vectors, vocab)


_cache: dict[str, np.ndarray] = {}


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length static embeddings, one row per text; each distinct text is encoded once
    per process (up to ``EMBEDDING_CACHE_MAX_DEFAULT`` texts kept)."""
    texts = list(texts)
    model = load_model()
    if not texts:
        return np.zeros((0, model.dim), dtype=np.float32)
    missing = [text for text in dict.fromkeys(texts) if text not in _cache]
    if missing:
        if len(_cache) + len(missing) > EMBEDDING_CACHE_MAX_DEFAULT:
            _cache.clear()
        _cache.update(zip(missing, model.encode(missing)))
        if any(text not in _cache for text in texts):
            return model.encode(texts)
    return np.stack([_cache[text] for text in texts])


def cosine(first: Sequence[str], second: Sequence[str]) -> np.ndarray:
    """Static-embedding cosine of each pair ``(first[i], second[i])``, clipped to [0, 1]."""
    first, second = list(first), list(second)
    if len(first) != len(second):
        raise ValueError(f"{len(first)} first sentences but {len(second)} second ones")
    texts = list(dict.fromkeys(first + second))
    index = {text: i for i, text in enumerate(texts)}
    vectors = embed(texts)
    rows_a = vectors[[index[t] for t in first]]
    rows_b = vectors[[index[t] for t in second]]
    return np.round(np.clip(np.einsum("ij,ij->i", rows_a, rows_b), 0.0, 1.0), 6)
