"""The default backend's static embeddings: shipped, checked, meaningful, used, torch-free."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import BACKENDS, sentence_similarity
from analysis.agreement import model as similarity_model
from analysis.agreement import static
from analysis.agreement.align import align_sentences
from analysis.study import run_study

ECBPLUS = Path(__file__).parent / "data" / "ecbplus"
# Two sentences of ECB+ topic 29 (vendored) that tell one event with few words in common, and
# one of topic 37 (another event).
SAME_EVENT = ("Too bad the game that put the 2012 Indianapolis Colts into the playoffs was such a dud.",
              "The Colts (10-5, 4-4 away) owned the NFL’s worst record last year, and clinched a spot "
              "in the playoffs with Sunday’s win.")


def _sentences() -> pd.DataFrame:
    frame = pd.read_json(ECBPLUS / "sentences.jsonl", lines=True)
    return frame[frame["annotated"]].reset_index(drop=True)


def test_the_study_aligns_with_the_static_backend():
    assert similarity_model.ALIGN_BACKEND_DEFAULT == "static"
    assert inspect.signature(align_sentences).parameters["backend"].default == "static"
    assert inspect.signature(run_study).parameters["similarity"].default == "static"
    # the fact reader keeps the lexical scores its thresholds were set on
    assert similarity_model.BACKEND_DEFAULT == "lexical"
    assert BACKENDS == ("lexical", "static", "semantic")
    assert similarity_model.BACKEND_FEATURES["static"][-1] == static.FEATURE_NAME
    assert similarity_model.default_model("static").n_features_in_ == 16


def test_static_model_loads_from_package_data():
    model = static.load_model()
    assert model.vectors.shape == (len(model.tokenizer.vocab), 128)
    assert model.tokenizer.vocab["[UNK]"] == model.tokenizer.unknown
    vectors = static.embed(["The firm laid off staff.", "", "¿Qué?"])
    assert vectors.shape == (3, 128)
    assert np.allclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
    assert not vectors[1].any()  # no token: zeros, not NaN


def test_static_model_is_refused_when_its_bytes_are_not_the_shipped_ones(monkeypatch):
    static.load_model.cache_clear()
    monkeypatch.setattr(static, "EMBEDDINGS_SHA256", "0" * 64)
    try:
        with pytest.raises(static.StaticModelError, match="static_minilm.npz is not the shipped"):
            static.load_model()
    finally:
        static.load_model.cache_clear()


def test_wordpiece_splits_as_bert_does():
    tokenizer = static.load_model().tokenizer
    vocab = {i: token for token, i in tokenizer.vocab.items()}
    assert [vocab[i] for i in tokenizer.ids("Schrems' co-founder, NOYB!")] == \
        ["sc", "##hre", "##ms", "'", "co", "-", "founder", ",", "no", "##y", "##b", "!"]
    assert [vocab[i] for i in tokenizer.ids("Café São Paulo")] == ["cafe", "sao", "paulo"]
    assert static.basic_tokens("Posted\x07: 4½ months") == ["posted", ":", "4½", "months"]


def test_a_paraphrase_scores_above_an_unrelated_sentence():
    sentences = _sentences()
    other_event = sentences.loc[sentences["topic"].eq(37), "text"].iloc[0]
    same, unrelated = static.cosine(*zip(SAME_EVENT, (SAME_EVENT[0], other_event)))
    assert same > 0.7 > unrelated + 0.3
    # the default backend sees more of the paraphrase than the lexical features alone
    assert sentence_similarity(*SAME_EVENT, backend="static") > sentence_similarity(*SAME_EVENT)


def test_sentences_of_one_event_are_closer_than_sentences_of_two_topics():
    sentences = _sentences()
    vectors = static.embed(sentences["text"].tolist())
    same, apart = [], []
    for i, j in combinations(range(len(sentences)), 2):
        a, b = sentences.iloc[i], sentences.iloc[j]
        if a["doc"] == b["doc"]:
            continue
        if a["subtopic"] == b["subtopic"] and set(a["action_chains"]) & set(b["action_chains"]):
            same.append(float(vectors[i] @ vectors[j]))
        elif a["topic"] != b["topic"]:
            apart.append(float(vectors[i] @ vectors[j]))
    assert np.median(same) > np.percentile(apart, 90)


def test_the_default_run_uses_the_static_model_and_no_torch(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((ECBPLUS / "corpus").glob("37_*"))[:8]:
        shutil.copy(path, corpus / path.name)
    code = (
        "import json, sys\n"
        "from analysis.engine import InlineEngine\n"
        "from analysis.study import run_study\n"
        "from analysis.agreement import static\n"
        f"tables = run_study({str(corpus)!r}, {str(tmp_path / 'out')!r}, engine=InlineEngine())\n"
        "print(json.dumps({'torch': 'torch' in sys.modules,\n"
        "                  'static_loaded': static.load_model.cache_info().currsize,\n"
        "                  'alignments': len(tables['alignments'])}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts == {"torch": False, "static_loaded": 1, "alignments": facts["alignments"]}
    assert facts["alignments"] > 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["similarity"] == "static"
