"""The learned translation-style signal: the shipped model, its length weighting, its estimator API."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from analysis.translation import document_evidence, source_scores, style_scores
from analysis.translation.model import MODEL_PATH, TranslationStyleClassifier, load_model, shipped_model
from analysis.translation.score import STYLE_MIN_SENTENCES_DEFAULT, THRESHOLD_DEFAULT, style_evidence
from analysis.translation.style import document_profile, normalise_quotes

PATTERN_PUNCTUATION_TOKENS = {",", ";", ":", "(", ")", "?", "!", '"', "-"}

# Written for these tests: the same kind of news, once in a plain, contracted English voice,
# once in the stiff, comma-heavy voice of literal translation ("In the ...", "several",
# "therefore", "at the ...", no contractions). Neither is taken from any corpus.
PLAIN = [
    "They didn't wait long.", "Fans lined up outside the stadium well before dawn.",
    "It's the first time that the club has sold out a friendly.", "Some brought chairs; others just sat down.",
    "The gates opened up at noon, and that was that.", "Nobody we spoke to could say where the queue ended.",
    "We'll be back next year, one fan said.", "Then the rain came down.",
    "Still, few of them went home early.", "It wasn't the weather anyone wanted, but it didn't matter.",
    "That's how it goes here.", "Everyone who stayed got a ticket.",
]
TRANSLATED = [
    "In the opinion of the organizers, several thousand visitors came to the stadium.",
    "At the entrance, the visitors had to wait, according to the police, around two hours.",
    "In the afternoon, the gates were opened at the request of the club.",
    "The management of the club therefore decided, in the framework of the event, not to sell more tickets.",
    "In the evening, the rain began at the stadium, however the visitors did not go home.",
    "At the end of the day, the club spoke of a success for the region.",
    "In the coming year, the event is to be repeated, according to the club.",
    "Several visitors criticized, however, the long waiting time at the entrance.",
    "In the view of the police, the event was therefore peaceful.",
    "At the request of the city, the roads around the stadium were closed.",
    "In the past, the club has held several such events.",
    "The costs of the event are not yet known, the club said.",
]


def test_shipped_model_loads_and_is_deterministic():
    model = shipped_model()
    assert model.length_calibration_["half_weight_sentences"] > 0
    assert len(model.coef_) == len(model.feature_names_) == len(model.mean_)
    again = load_model(MODEL_PATH)
    docs = [" ".join(PLAIN), " ".join(TRANSLATED)]
    assert np.array_equal(model.decision_function(docs), again.decision_function(docs))
    first, second = document_evidence(docs), document_evidence(docs)
    pd.testing.assert_frame_equal(first, second)


def test_shipped_model_holds_no_text_only_features():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    for name in data["features"]:
        family, _, value = name.partition(":")
        assert family in ("fw", "style", "pattern")
        if family == "pattern":  # function words, word classes, punctuation; never a content word
            assert all(token in data["function_words"] or token in ("w", "C", "#", "<s>", "</s>")
                       or token in PATTERN_PUNCTUATION_TOKENS for token in value.split())


def test_a_translated_voice_reads_more_machine_translated_than_a_plain_one():
    model = shipped_model()
    plain, translated = model.decision_function(["\n".join(PLAIN), "\n".join(TRANSLATED)])
    assert translated > plain
    scores = document_evidence(["\n".join(PLAIN), "\n".join(TRANSLATED)])
    assert scores.loc[1, "style_evidence"] > scores.loc[0, "style_evidence"]
    assert scores.loc[0, "translation_score"] < THRESHOLD_DEFAULT


def test_quotes_are_normalised_so_typography_is_no_signal():
    curly = "“We will not,” she said. ‘Never’ — he’s sure. It’s done. That’s all. We’re out."
    straight = "\"We will not,\" she said. 'Never' — he's sure. It's done. That's all. We're out."
    assert normalise_quotes(curly) == straight
    assert np.array_equal(document_profile(curly).features, document_profile(straight).features)


def test_style_evidence_fades_with_little_text():
    calibration = {"scale": 4.0, "half_weight_sentences": 10.0}
    assert style_evidence(5.0, STYLE_MIN_SENTENCES_DEFAULT - 1, calibration) == 0.0
    at_edge = style_evidence(1.0, STYLE_MIN_SENTENCES_DEFAULT, calibration)
    assert 0 < at_edge < style_evidence(1.0, 20, calibration) < style_evidence(1.0, 200, calibration)
    # with no text to speak of, the style signal adds nothing, not a probability of one half
    assert style_evidence(0.0, STYLE_MIN_SENTENCES_DEFAULT, calibration) < 0.25
    assert style_evidence(-2.0, 20, calibration) < 0.01


def test_short_documents_stay_near_neutral():
    short = "\n".join(TRANSLATED[:STYLE_MIN_SENTENCES_DEFAULT - 1])
    row = document_evidence([short]).iloc[0]
    assert row["style_evidence"] == 0.0
    assert row["translation_score"] == pytest.approx(1 - np.exp(-row["rule_evidence"]), abs=1e-4)
    longer = document_evidence(["\n".join(TRANSLATED[:6]), "\n".join(TRANSLATED)])
    assert longer.loc[0, "style_evidence"] < longer.loc[1, "style_evidence"]


def test_only_english_sources_get_a_style_score():
    german = ("Der Verein hat das Spiel am Sonntag verloren. Die Fans waren enttäuscht. "
              "Der Trainer sagte, man werde weiter arbeiten. Am Montag gibt es Training. "
              "Die Saison ist noch lang. Alle hoffen auf den nächsten Sieg.")
    blocks = pd.DataFrame({
        "source_id": ["en", "de"], "block_no": [1, 1], "is_boilerplate": [False, False],
        "text": [" ".join(TRANSLATED), german],
    })
    styles = style_scores(blocks, {"en": "en", "de": "de"}).set_index("source_id")
    assert styles.loc["en", "translation_style_score"] > 0
    assert "sentences" in styles.loc["en", "translation_style_evidence"]
    assert pd.isna(styles.loc["de", "translation_style_score"]) and styles.loc["de", "style_evidence"] == 0
    articles = pd.DataFrame({"source_id": ["de", "en"]})
    no_artifacts = pd.DataFrame(columns=["source_id", "block_id", "line_no", "kind", "evidence", "weight"])
    scores = source_scores(articles, no_artifacts, styles.reset_index()).set_index("source_id")
    assert scores.loc["de", "translation_score"] == 0
    assert scores.loc["en", "translation_score"] == pytest.approx(styles.loc["en", "translation_style_score"],
                                                                  abs=1e-4)


def _tiny_training_set():
    rng = np.random.RandomState(0)
    docs, y = [], []
    for k in range(12):
        pool = TRANSLATED if k % 2 else PLAIN
        docs.append("\n".join(rng.choice(pool, size=8, replace=True)))
        y.append(k % 2)
    return docs, np.array(y)


def test_fitting_follows_scikit_learn_conventions():
    docs, y = _tiny_training_set()
    model = TranslationStyleClassifier(C=1.0, n_patterns=20, random_state=0)
    assert model.fit(docs, y) is model
    assert clone(model).get_params() == model.get_params()
    assert len(model.patterns_) == 20 and model.get_feature_names_out()[-1].startswith("pattern:")
    assert model.decision_function(docs).shape == (12,)
    assert model.predict_proba(docs).shape == (12, 2)
    assert (model.predict(docs) == y).mean() == 1.0
    assert np.array_equal(TranslationStyleClassifier(C=1.0, n_patterns=20).fit(docs, y).coef_, model.coef_)
    with pytest.raises(NotFittedError):
        TranslationStyleClassifier().decision_function(docs)
    with pytest.raises(ValueError):
        model.decision_function(docs[0])


def test_a_saved_model_round_trips_and_refuses_another_word_list(tmp_path):
    docs, y = _tiny_training_set()
    model = TranslationStyleClassifier(C=1.0, n_patterns=20).fit(docs, y)
    model.save(tmp_path / "model.json")
    loaded = load_model(tmp_path / "model.json")
    assert np.allclose(loaded.decision_function(docs), model.decision_function(docs), atol=1e-4)
    data = json.loads((tmp_path / "model.json").read_text())
    data["function_words"] = data["function_words"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        TranslationStyleClassifier.from_dict(data)
