"""The stored notebooks: paired with their .py twins, thin, and free of machine specifics."""

import json
from pathlib import Path

import jupytext
import pytest

from analysis.report import study_notebooks

NOTEBOOKS = study_notebooks()


def test_there_are_notebooks():
    assert [path.name for path in NOTEBOOKS] == [
        "00-summary.ipynb", "01-ingest.ipynb", "02-boilerplate.ipynb", "03-translation.ipynb",
        "04-consistency.ipynb", "05-agreement.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_matches_its_py_twin(path: Path):
    stored = jupytext.read(path)
    twin = jupytext.read(path.with_suffix(".py"))
    code = lambda nb: [(c.cell_type, c.source.strip()) for c in nb.cells]  # noqa: E731
    assert code(stored) == code(twin), "run `make notebooks` after editing the .py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_thin_and_portable(path: Path):
    notebook = json.loads(path.read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code), "store it executed"
    parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    for cell in code:
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source, "move code into analysis/"
        assert "/work/" not in json.dumps(cell["outputs"]) and "/home/" not in json.dumps(cell["outputs"])
