"""The optional semantic backend: validated, clear when its extra is missing, never required.

Only the last test needs the ``semantic`` extra (torch, sentence-transformers, the MiniLM
weights); it is skipped without it, and `make test` does not install it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.agreement import BACKENDS, sentence_similarity
from analysis.agreement import model as similarity_model
from analysis.agreement import semantic
from analysis.errors import MissingExtraError

PARAPHRASE = ("The firm laid off staff.", "The company cut jobs.")
UNRELATED = ("The firm laid off staff.", "Heavy rain flooded the village hall last winter.")


def test_backend_is_validated():
    assert BACKENDS == ("lexical", "static", "semantic")
    with pytest.raises(ValueError, match="unknown similarity backend 'neural'"):
        sentence_similarity("A sentence.", "Another one.", backend="neural")


def test_lexical_default_is_unchanged_by_the_backend_argument():
    a, b = ["Police arrested two men in Leeds."], ["Two men were arrested by police in Leeds."]
    assert sentence_similarity(a, b).tolist() == sentence_similarity(a, b, backend="lexical").tolist()


def test_semantic_backend_without_the_extra_names_it_and_the_install_command(monkeypatch):
    # A None entry in sys.modules makes `import sentence_transformers` raise ImportError,
    # as it does when the package is not installed.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MissingExtraError, match=r"'semantic' extra") as raised:
        sentence_similarity(*PARAPHRASE, backend="semantic")
    assert isinstance(raised.value, ImportError)
    assert raised.value.extra == "semantic"
    assert "pip install -e '.[semantic]'" in str(raised.value)
    assert "make semantic" in str(raised.value)


def test_importing_the_package_loads_no_model_library():
    code = ("import sys, analysis.agreement, analysis.study; "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_shipped_semantic_model_records_its_features():
    model = similarity_model.default_model("semantic")
    assert similarity_model.BACKEND_FEATURES["semantic"][-1] == semantic.FEATURE_NAME
    assert model.n_features_in_ == len(similarity_model.BACKEND_FEATURES["semantic"]) == 16


def test_semantic_backend_scores_a_paraphrase_without_shared_words_above_an_unrelated_pair():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip(semantic.MODEL_PACKAGE)
    paraphrase, unrelated = sentence_similarity(*zip(PARAPHRASE, UNRELATED), backend="semantic")
    assert paraphrase > unrelated
    assert paraphrase > 0.2 and unrelated < 0.1
    cosine = semantic.cosine([PARAPHRASE[0]], [PARAPHRASE[1]])
    assert 0.4 < cosine[0] < 0.8
