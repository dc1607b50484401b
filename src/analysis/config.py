"""Every path and default the study uses, in one place.

Paths are anchored on this file (``src/analysis/config.py``), so they hold wherever the
package is run from, as long as it is installed editable from the project checkout.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"

# Files larger than this are refused at ingest (kind "too_large"). News pages, even with their
# inline scripts, are well under 5 MiB; 16 MiB leaves room and keeps one bad file from
# exhausting memory. Override with ``--max-bytes``.
MAX_FILE_BYTES_DEFAULT = 16 * 1024 * 1024

# File name (case-insensitive) of the optional metadata table inside a corpus folder.
SOURCES_CSV_NAME = "sources.csv"

# Extensions read as articles; anything else in the corpus is reported as unsupported.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Web archives: matched on the end of the whole name, as ".warc.gz" is two suffixes.
WARC_SUFFIXES = (".warc", ".warc.gz")
