"""Command line: ``srcrel run`` computes the tables, ``srcrel report`` renders the HTML report,
``srcrel export`` writes the tables as CSV or XLSX for a spreadsheet.

Exit codes: 0 done; 2 the command line is wrong; 3 the corpus cannot be studied (missing or
empty folder, or not one readable article); 4 with ``--strict``, some input files could not be
read; 5 a notebook failed while building the report.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from functools import partial
from pathlib import Path

from . import config

# The study's tables, named in --help; tests/test_cli.py checks they are analysis.study.TABLES
# (not imported from there: --help should not load the study's dependencies).
TABLES = ("articles", "blocks", "sentences", "artifacts", "claims", "contradictions", "agreement",
          "alignments", "copies", "sources", "outlets", "errors")
# Passed to each notebook's kernel: its log (the warning that it talks to the report over
# local TCP without encryption, once per notebook; "KeyboardInterrupt caught in kernel",
# logged as an ERROR when jupyter_client's shutdown interrupts a kernel that is still busy,
# seen on a loaded machine) is noise on a command line. A failing cell is still reported:
# papermill raises, and the CLI says which notebook and cell (exit code 5).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_CORPUS = 3
EXIT_INPUT_ERRORS = 4
EXIT_REPORT = 5

EPILOG = """\
exit codes:
  0  done (files that could not be read are listed, and kept in errors.parquet)
  2  the command line is wrong
  3  the corpus cannot be studied: missing or empty folder, or no readable article
  4  with --strict: some input files could not be read
  5  a notebook failed while building the report

examples:
  srcrel run --corpus data/raw --out data/processed
  srcrel report --corpus my_story/ --out my_story_tables/ --reports my_story_report/
  srcrel run --corpus big/ --out big_tables/ --engine dask --scheduler tcp://10.0.0.5:8786
  srcrel export --format xlsx --out my_story_tables/ --to my_story_sheets/
"""


def corpus_path(value: str) -> Path:
    """``--corpus``: a path, never an empty one (``Path("")`` is the working directory, which
    would be read as a corpus without a word)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the corpus folder is empty: give the folder of articles")
    return Path(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="srcrel",
        description=textwrap.fill(
            "Source-reliability study for news: read a folder of articles about one story or "
            "many (.txt, .html, .jsonl, web archives .warc and .warc.gz, optional sources.csv) "
            "and write the study's "
            f"{len(TABLES)} tables as Parquet ({', '.join(TABLES)}; see README, Data "
            "contract), and an HTML report with a page per article and per story.", 88
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="compute the tables for a corpus",
        description=textwrap.fill("Read every article of CORPUS and write the tables to OUT as "
                                  "Parquet: " + ", ".join(TABLES) + ", and manifest.json.", 88),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report = commands.add_parser(
        "report", help="compute the tables (if stale) and render the HTML report",
        description=textwrap.fill(
            "Run the study's notebooks on CORPUS with papermill and render them, without "
            "code, into REPORTS, with an index.html linking every page, one page per article "
            "(REPORTS/articles/: its lines as the study read them) and, for a corpus of "
            "several stories, one per story (REPORTS/stories/).", 88
        ),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export = commands.add_parser(
        "export", help="write every table as CSV or XLSX, for a spreadsheet",
        description=textwrap.fill(
            "Write every table of OUT (made by `srcrel run` or `srcrel report`) into TO, with "
            "the data contract's columns: one CSV per table (UTF-8 with a byte-order mark), or "
            "one workbook srcrel-tables.xlsx with a sheet per table. Text a spreadsheet would "
            "run as a formula stays text.", 88),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv",
                        help="csv (one file per table) or xlsx (one workbook) (default: %(default)s)")
    export.add_argument("--out", type=Path, default=config.PROCESSED_DIR,
                        help="folder of the Parquet tables (default: data/processed)")
    export.add_argument("--to", type=Path, required=True, metavar="DIR",
                        help="folder to write the CSV files or the workbook into")
    export.add_argument("--quiet", action="store_true", help="do not list the files written")
    for command in (run, report):
        command.add_argument(
            "--corpus", type=corpus_path, required=True,
            help="folder of articles: .txt, .html, .jsonl, web archives (.warc, .warc.gz), "
                 "optional sources.csv (required: never the demo corpus by default; the demo "
                 "is data/raw of the project)",
        )
        command.add_argument(
            "--out", type=Path, default=config.PROCESSED_DIR,
            help="folder for the Parquet tables (default: data/processed)",
        )
        command.add_argument(
            "--max-bytes", type=int, default=config.MAX_FILE_BYTES_DEFAULT, metavar="N",
            help="refuse input files larger than N bytes (default: %(default)s)",
        )
        command.add_argument(
            "--strict", action="store_true",
            help="exit with code 4 when any input file could not be read",
        )
        command.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
        command.add_argument(
            "--engine", choices=("local", "dask"), default="local",
            help="where the per-article and per-story steps run: worker processes on this "
                 "machine, or a dask.distributed cluster (default: %(default)s)",
        )
        command.add_argument(
            "--scheduler", metavar="ADDRESS",
            help="with --engine dask: the scheduler's address (host:port); without it, a "
                 "local Dask cluster is started",
        )
        command.add_argument(
            "--workers", type=int, metavar="N",
            help="worker processes for the local engine or a local Dask cluster "
                 "(default: one per core)",
        )
        command.add_argument(
            "--similarity", choices=("static", "lexical", "semantic"), default="static",
            help="sentence similarity of the agreement stage: static (lexical features and static "
                 "embeddings distilled from all-MiniLM-L6-v2, shipped with the package), lexical "
                 "(the lexical features alone), or semantic (needs the optional extra, `make "
                 "semantic`; finds more paraphrases, about 100 times slower per pair: for corpora "
                 "of a few thousand articles) (default: %(default)s)",
        )
        command.add_argument(
            "--no-reuse", action="store_true",
            help="compute every stage for every article; by default the rows of unchanged "
                 "articles and stories are kept from the last run in the same --out folder "
                 "(in its .kept folder) and only what changed is computed",
        )
    report.add_argument(
        "--reports", type=Path, default=config.REPORTS_DIR,
        help="folder for the HTML report (default: reports/)",
    )
    report.add_argument(
        "--notebooks", type=Path, default=config.NOTEBOOKS_DIR,
        help="folder of the study's notebooks (default: notebooks/)",
    )
    return parser


def say(step: str, message: str) -> None:
    """Progress of a long step, one line on stderr (the library prints nothing)."""
    print(f"srcrel {step}: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        from .export import export_tables

        try:
            written = export_tables(args.out, args.to, args.format)
        except FileNotFoundError as exc:
            print(f"srcrel: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not args.quiet:
            for path in written:
                print(f"srcrel export: wrote {path}", file=sys.stderr)
        return EXIT_OK
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    import pandas as pd
    from tqdm import tqdm

    from .engine import make_engine
    from .errors import CorpusError
    from .study import is_current, read_manifest, run_study

    progress = None if args.quiet else partial(tqdm, unit="chunk", leave=False)
    if args.similarity == "semantic":
        from .agreement import semantic
        from .errors import MissingExtraError

        try:
            semantic.require()
        except MissingExtraError as exc:
            print(f"srcrel: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        engine = make_engine(args.engine, scheduler=args.scheduler, workers=args.workers)
    except OSError as exc:  # the scheduler cannot be reached
        print(f"srcrel: cannot reach the Dask scheduler {args.scheduler}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    current = args.command == "report" and is_current(args.corpus, args.out, similarity=args.similarity,
                                                      max_bytes=args.max_bytes)
    try:
        if current:  # the tables were made from this corpus by this code: the report is what is asked
            manifest = read_manifest(args.out)
            if not args.quiet:
                print(f"srcrel: the tables in {args.out} are current; not computed again", file=sys.stderr)
        else:
            manifest = run_study(args.corpus, args.out, max_bytes=args.max_bytes, progress=progress,
                                 engine=engine, keep_tables=False, similarity=args.similarity,
                                 reuse=not args.no_reuse)
    except CorpusError as exc:
        print(f"srcrel: {exc}", file=sys.stderr)
        return EXIT_CORPUS
    finally:
        engine.close()
    rows = manifest["rows"]
    errors = pd.read_parquet(Path(args.out) / "errors.parquet")
    for row in errors.itertuples():
        where = row.path + (f" (line {row.record})" if pd.notna(row.record) else "")
        print(f"srcrel: {where}: {row.error}", file=sys.stderr)
    if not args.quiet:
        print(
            f"srcrel: {rows['articles']} articles, {rows['blocks']} blocks, "
            f"{rows['errors']} problems; tables in {args.out}",
            file=sys.stderr,
        )
    if not rows["articles"]:
        print("srcrel: no article could be read; see the messages above", file=sys.stderr)
        return EXIT_CORPUS
    if args.command == "report":
        from .report import NotebookFailed, build_report

        try:
            index = build_report(args.corpus, args.out, args.reports, args.notebooks,
                                 kernel_arguments=KERNEL_ARGUMENTS,
                                 progress=None if args.quiet else partial(say, "report"))
        except NotebookFailed as exc:
            print(f"srcrel: {exc}", file=sys.stderr)
            return EXIT_REPORT
        if not args.quiet:
            print(f"srcrel: report in {index}", file=sys.stderr)
    if args.strict and not errors.empty:
        return EXIT_INPUT_ERRORS
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
