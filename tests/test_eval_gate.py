"""Evaluation as a gate: the scorers may not drop below the floors pinned in eval_floors.json."""

import json
from pathlib import Path

from analysis.boilerplate.evaluate import cross_validated_scores, macro_f1
from analysis.boilerplate.model import load_labelled_lines

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())


def test_boilerplate_grouped_cv_stays_above_its_floors():
    lines = load_labelled_lines()
    scores = macro_f1(lines, cross_validated_scores(lines))
    floors = FLOORS["boilerplate"]
    assert scores["full"] >= floors["macro_f1_full"], scores
    assert scores["span"] >= floors["macro_f1_span"], scores
