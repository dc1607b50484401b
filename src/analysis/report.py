"""The HTML report: run the study's notebooks with papermill, render them without code.

Every page is a notebook executed on the given corpus and exported by nbconvert with inputs
hidden; ``index.html`` links them. Article text reaches the pages only through pandas'
HTML (escaped) or text outputs (escaped by nbconvert), and through ``html.escape`` here.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import nbformat

from . import config

KERNEL_NAME = "python3"
# nbconvert template: JupyterLab's, minus the scripts it loads from CDNs (see its comment).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "srcrel"
# A notebook that runs longer than this on one cell is stuck (the study's cells take seconds).
CELL_TIMEOUT_SECONDS_DEFAULT = 1800


class NotebookFailed(Exception):
    """A notebook raised while it ran; the message names the notebook and the error."""


def study_notebooks(notebooks_dir: str | os.PathLike = config.NOTEBOOKS_DIR) -> list[Path]:
    """The study's notebooks in reading order (``01-*.ipynb``, ``02-*.ipynb``, ...)."""
    return sorted(Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))


def notebook_title(notebook) -> str:
    """The first markdown heading of a notebook, without its ``#`` marks."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Untitled"


def build_report(
    corpus_dir: str | os.PathLike = config.RAW_DIR,
    processed_dir: str | os.PathLike = config.PROCESSED_DIR,
    reports_dir: str | os.PathLike = config.REPORTS_DIR,
    notebooks_dir: str | os.PathLike = config.NOTEBOOKS_DIR,
    *,
    timeout: int = CELL_TIMEOUT_SECONDS_DEFAULT,
) -> Path:
    """Execute every notebook on ``corpus_dir`` and write the HTML pages; return index.html."""
    import papermill
    from nbconvert import HTMLExporter

    reports_dir = Path(reports_dir)
    executed_dir = reports_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    parameters = {
        "corpus": str(Path(corpus_dir).resolve()),
        "processed": str(Path(processed_dir).resolve()),
    }
    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES_DIR)], template_name=TEMPLATE_NAME,
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    pages: list[tuple[str, str]] = []
    for notebook_path in study_notebooks(notebooks_dir):
        executed = executed_dir / notebook_path.name
        try:
            papermill.execute_notebook(
                str(notebook_path), str(executed), parameters=parameters,
                cwd=str(notebook_path.parent), kernel_name=KERNEL_NAME,
                progress_bar=False, log_output=False, execution_timeout=timeout,
            )
        except papermill.PapermillExecutionError as exc:
            raise NotebookFailed(
                f"notebook {notebook_path.name} failed in cell {exc.exec_count}: "
                f"{exc.ename}: {exc.evalue} (executed copy: {executed})"
            ) from exc
        notebook = nbformat.read(executed, as_version=4)
        body, _ = exporter.from_notebook_node(notebook)
        page = f"{notebook_path.stem}.html"
        (reports_dir / page).write_text(body, encoding="utf-8")
        pages.append((page, notebook_title(notebook)))
    index = reports_dir / "index.html"
    index.write_text(render_index(pages, _corpus_summary(processed_dir), _scorecard(processed_dir)),
                     encoding="utf-8")
    return index


def _scorecard(processed_dir: str | os.PathLike) -> list[tuple[str, str, str]]:
    """(source, reliability with its interval, summary) per source, most reliable first."""
    import pandas as pd

    try:
        sources = pd.read_parquet(Path(processed_dir) / "sources.parquet")
    except (OSError, ValueError):
        return []
    sources = sources.sort_values(["reliability", "source_id"], ascending=[False, True])
    return [(str(row.source_id),
             "" if pd.isna(row.reliability) else
             f"{row.reliability:.2f} ({row.reliability_low:.2f}\u2013{row.reliability_high:.2f})",
             "" if pd.isna(row.summary) else str(row.summary))
            for row in sources.itertuples(index=False)]


def _corpus_summary(processed_dir: str | os.PathLike) -> dict:
    try:
        manifest = json.loads((Path(processed_dir) / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    return manifest.get("rows", {})


def render_index(pages: list[tuple[str, str]], rows: dict,
                 scorecard: list[tuple[str, str, str]] | None = None) -> str:
    """The report's front page: the scorecard, what the study read and a link to every page
    (all text escaped)."""
    items = "\n".join(
        f'    <li><a href="{html.escape(page, quote=True)}">{html.escape(title)}</a></li>'
        for page, title in pages
    )
    facts = ", ".join(
        f"{html.escape(str(count))} {html.escape(name)}" for name, count in sorted(rows.items())
    )
    score_rows = "\n".join(
        f"    <tr><td>{html.escape(source)}</td><td>{html.escape(score)}</td>"
        f"<td>{html.escape(summary)}</td></tr>"
        for source, score, summary in scorecard or []
    )
    table = (f"""  <h2>Scorecard</h2>
  <table>
    <tr><th>source</th><th>reliability (90% interval)</th><th>summary</th></tr>
{score_rows}
  </table>
""" if score_rows else "")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>srcrel: source-reliability report</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto;
           padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }}
    li {{ margin: 0.3rem 0; }}
    table {{ border-collapse: collapse; font-size: 0.9rem; }}
    td, th {{ border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left;
              vertical-align: top; }}
  </style>
</head>
<body>
  <h1>Source-reliability report</h1>
{table}  <h2>Pages</h2>
  <ol>
{items}
  </ol>
  <p>Tables: {facts or "not computed yet"}.</p>
</body>
</html>
"""


def store_executed(
    notebooks: list[str | os.PathLike] | None = None,
    *,
    timeout: int = CELL_TIMEOUT_SECONDS_DEFAULT,
) -> None:
    """Execute notebooks in place on their default parameters, with no volatile metadata.

    This is how the committed notebooks are refreshed (``make notebooks``): nbval then
    compares a fresh run against these stored outputs.
    """
    from nbclient import NotebookClient

    for path in notebooks or study_notebooks():
        path = Path(path)
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook, timeout=timeout, kernel_name=KERNEL_NAME, record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        notebook.metadata.pop("papermill", None)
        nbformat.write(notebook, path)
