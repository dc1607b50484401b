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


ROOT = Path(__file__).resolve().parents[1]


def test_py_twins_are_served_as_text_not_as_second_notebooks():
    """JupyterLab (through jupytext's contents manager, which it runs here) serves the .ipynb
    as a notebook and its .py twin as a text file (notebooks/jupytext.toml)."""
    from jupytext import TextFileContentsManager

    manager = TextFileContentsManager(root_dir=str(NOTEBOOKS[0].parent))
    for path in NOTEBOOKS:
        assert manager.get(path.name, content=False)["type"] == "notebook"
        assert manager.get(path.with_suffix(".py").name, content=False)["type"] == "file"


def lab_command(user_id: int) -> list[str]:
    """The command `make lab` runs for a user id, read off `make -n` (nothing is run)."""
    import shlex
    import subprocess
    import sys

    dry = subprocess.run(["make", "-s", "-n", "lab", f"USER_ID={user_id}", f"BIN={Path(sys.executable).parent}"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(line for line in dry.splitlines() if " lab notebooks/" in line)
    return shlex.split(line)


def test_make_lab_allows_root_only_as_root():
    assert "--allow-root" in lab_command(0)
    assert "--allow-root" not in lab_command(1000)


def test_make_lab_serves_the_notebooks_and_not_their_twins():
    """The command of `make lab` for whoever runs the tests (root here: JupyterLab stops
    without --allow-root), started for real: it lists the notebooks, not their .py twins."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "srcrel-test"
    command = lab_command(os.getuid()) + ["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                                          f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        listing = None
        for _ in range(120):
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as r:
                    listing = json.load(r)
                break
            except OSError:
                time.sleep(0.5)
        assert listing is not None, server.stdout.read() if server.poll() is not None else "no answer"
        kinds = {item["name"]: item["type"] for item in listing["content"]}
        assert all(kinds.get(path.name) == "notebook" for path in NOTEBOOKS), kinds
        assert not any(name.endswith(".py") for name in kinds), kinds
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_links_in_stored_outputs_resolve_from_where_the_notebook_sits(tmp_path):
    """The stored notebooks (executed on the default corpus) link to the default report's
    pages as seen from notebooks/ (../reports/, which `make report` and `make lab` write): with
    those pages written, every link of their outputs resolves, anchor included."""
    import re
    from urllib.parse import unquote, urlsplit

    import lxml.html

    from analysis import config, pages
    from analysis.study import run_study

    tables = run_study(config.RAW_DIR, tmp_path / "tables")
    reports = tmp_path / config.REPORTS_DIR.name
    pages.write_pages(tables, reports)
    here = tmp_path / config.NOTEBOOKS_DIR.name
    here.mkdir()
    checked = 0
    for path in NOTEBOOKS:
        outputs = [o for c in json.loads(path.read_text())["cells"] for o in c.get("outputs", [])]
        for output in outputs:
            html = output.get("data", {}).get("text/html")
            if not html:
                continue
            for href in re.findall(r'href="([^"]+)"', "".join(html)):
                parts = urlsplit(href)
                if parts.scheme or not parts.path:
                    continue
                target = (here / unquote(parts.path)).resolve()
                assert target.exists(), (path.name, href)
                if parts.fragment:
                    ids = {e.get("id") for e in lxml.html.parse(str(target)).getroot().iter() if e.get("id")}
                    assert parts.fragment in ids, (path.name, href)
                checked += 1
    assert checked > 10
