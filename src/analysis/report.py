"""The HTML report: run the study's notebooks with papermill, render them without code.

Every notebook is executed on the given corpus and exported by nbconvert with inputs
hidden; ``analysis.pages`` adds a page per article and per story; ``index.html`` links them.
Article text reaches the pages only through pandas' HTML (escaped), text outputs (escaped by
nbconvert), lxml (which escapes text it sets) and Jinja2 templates with autoescape.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from markupsafe import Markup

from . import config

KERNEL_NAME = "python3"
# nbconvert template: JupyterLab's, minus the scripts it loads from CDNs (see its comment).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "srcrel"
# A notebook that runs longer than this on one cell is stuck (the study's cells take seconds).
CELL_TIMEOUT_SECONDS_DEFAULT = 1800


# The notebook pages link JupyterLab's stylesheet, written once as static/lab.css; the
# template marks where its block starts and ends when asked for it (templates/srcrel).
LAB_CSS_NAME = "lab.css"
LAB_CSS_MARK, LAB_CSS_END = "<!--srcrel-lab-css-->", "<!--/srcrel-lab-css-->"
# A notebook parameter: the report's folder seen from the notebook, for the links in its
# outputs. Stored notebooks (in notebooks/) link to the default report, "../reports/"; in
# the report their pages sit beside articles/ and stories/, so the report sets "".
LINKS_PARAMETER = "links"
# The heading of 01-ingest's list of files that could not be read, as nbconvert names it.
INGEST_ERRORS_ANCHOR = "Files-that-could-not-be-read"


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
    kernel_arguments: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Execute every notebook on ``corpus_dir`` and write the HTML pages; return index.html.

    Besides the notebooks' pages: one page per article (``articles/``) and, for a corpus of
    several stories, one per story (``stories/``), see ``analysis.pages``; the source ids in
    the notebooks' tables become links to the article pages, named by outlet.
    ``kernel_arguments`` are passed to each notebook's kernel (the CLI quiets its log).
    ``progress(message)`` is told as each step starts and ends (each notebook run, the
    article and story pages, each page rendered), with the seconds a finished step took:
    rendering takes tens of seconds (the library prints nothing; the CLI prints these)."""
    import papermill
    from nbconvert import HTMLExporter

    from . import pages as site_pages

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
    tell = progress or (lambda message: None)
    executed_notebooks: list[tuple[Path, Path]] = []
    notebooks = study_notebooks(notebooks_dir)
    for k, notebook_path in enumerate(notebooks, start=1):
        executed = executed_dir / notebook_path.name
        started = time.perf_counter()
        tell(f"running notebook {k}/{len(notebooks)}: {notebook_path.name}")
        try:
            declared = papermill.inspect_notebook(str(notebook_path))
            given = {**parameters, **({LINKS_PARAMETER: ""} if LINKS_PARAMETER in declared else {})}
            papermill.execute_notebook(
                str(notebook_path), str(executed), parameters=given,
                cwd=str(notebook_path.parent), kernel_name=KERNEL_NAME,
                progress_bar=False, log_output=False, execution_timeout=timeout,
                extra_arguments=list(kernel_arguments or []),
            )
        except papermill.PapermillExecutionError as exc:
            raise NotebookFailed(
                f"notebook {notebook_path.name} failed in cell {exc.exec_count}: "
                f"{exc.ename}: {exc.evalue} (executed copy: {executed})"
            ) from exc
        executed_notebooks.append((notebook_path, executed))
        tell(f"ran {notebook_path.name} in {time.perf_counter() - started:.1f} s")
    tables = _tables(processed_dir)
    started = time.perf_counter()
    if tables:
        tell(f"writing a page per article ({len(tables['articles'])}) and per story")
    site = site_pages.write_pages(tables, reports_dir) if tables else None
    if tables:
        tell(f"wrote the article and story pages in {time.perf_counter() - started:.1f} s")
    pages: list[tuple[str, str]] = []
    for k, (notebook_path, executed) in enumerate(executed_notebooks, start=1):
        started = time.perf_counter()
        notebook = nbformat.read(executed, as_version=4)
        if site is not None:
            _link_outputs(notebook, site)
        body, _ = exporter.from_notebook_node(notebook)
        page = f"{notebook_path.stem}.html"
        (reports_dir / page).write_text(body, encoding="utf-8")
        pages.append((page, notebook_title(notebook)))
        tell(f"rendered {page} ({k}/{len(executed_notebooks)}) in {time.perf_counter() - started:.1f} s")
    site_pages.write_static(reports_dir)
    (reports_dir / site_pages.STATIC_DIR / LAB_CSS_NAME).write_text(lab_css(exporter), encoding="utf-8")
    index = reports_dir / "index.html"
    index.write_text(render_index(pages, _corpus_summary(processed_dir), tables=tables, site=site),
                     encoding="utf-8")
    return index


def lab_css(exporter) -> str:
    """JupyterLab's stylesheet as the notebook pages' template would inline it (its
    ``notebook_css`` block, rendered once for an empty notebook), for ``static/lab.css``."""
    import re

    body, _ = exporter.from_notebook_node(nbformat.v4.new_notebook(), resources={"srcrel_lab_css": True})
    block = body[body.index(LAB_CSS_MARK) + len(LAB_CSS_MARK):body.index(LAB_CSS_END)]
    return re.sub(r"</?style[^>]*>", "", block).strip() + "\n"


def _tables(processed_dir: str | os.PathLike) -> dict | None:
    """The study's tables as written (None when the study has not run: no pages then)."""
    import pandas as pd

    from .study import TABLES

    try:
        return {name: pd.read_parquet(Path(processed_dir) / f"{name}.parquet") for name in TABLES}
    except (OSError, ValueError):
        return None


def _link_outputs(notebook, site) -> None:
    """Source ids in the notebook's HTML tables become links to their article pages."""
    from .pages import link_sources

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                fragment = data["text/html"]
                fragment = "".join(fragment) if isinstance(fragment, list) else fragment
                data["text/html"] = link_sources(fragment, site)


def _corpus_summary(processed_dir: str | os.PathLike) -> dict:
    try:
        manifest = json.loads((Path(processed_dir) / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    return manifest.get("rows", {})


def render_index(pages: list[tuple[str, str]], rows: dict, *, tables: dict | None = None,
                 site=None) -> str:
    """The report's front page: the stories (when several), the scorecard with every count
    linked to its lines, and a link to every page (Jinja2, autoescaped)."""
    from . import pages as site_pages

    facts = ", ".join(f"{count} {name}" for name, count in sorted(rows.items()))
    scorecard = stories = None
    n_articles = n_stories = 0
    if tables is not None and len(tables.get("sources", [])):
        site = site or site_pages.Site(tables)
        scorecard = Markup(site_pages.scorecard_html(tables, site=site))
        story_table = site_pages.stories_html(tables, site=site)
        stories = Markup(story_table) if story_table else None
        n_articles, n_stories = len(site.pages), (len(site.story_ids) if site.many_stories else 0)
    errors = site_pages.error_rows(tables.get("errors") if tables is not None else None)
    ingest_page = next((page for page, _ in pages if page.startswith("01-")), None)
    return site_pages.render("index.html.j2", pages=pages, facts=facts, scorecard_html=scorecard,
                             stories_html=stories, n_articles=n_articles, n_stories=n_stories, base="",
                             errors=errors, n_error_files=len({e["path"] for e in errors}),
                             errors_page=ingest_page and f"{ingest_page}#{INGEST_ERRORS_ANCHOR}")


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
