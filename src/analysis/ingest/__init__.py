"""A corpus folder to the study's first tables: ``articles``, ``blocks``, ``sentences``, ``errors``.

One module per job: ``files`` (finding the input files), ``txt``, ``html``, ``jsonl``
(reading each format; ``formats`` picks the reader), ``metadata`` (sources.csv, dates,
titles), ``rows`` (documents to table rows), and ``corpus``, which puts them in order.
"""

from .corpus import BATCH_ARTICLES_DEFAULT, ingest_corpus, iter_corpus, stack_batches
from .documents import Corpus, Document, Progress
from .files import check_regular_file, list_input_files, open_binary, read_bytes
from .formats import input_format, read_file
from .jsonl import JSONL_FIELDS, MAX_BAD_JSONL_RECORDS_DEFAULT
from .metadata import TITLE_MAX_CHARS_DEFAULT, TITLE_MIN_WORDS_DEFAULT, guess_title

__all__ = [
    "BATCH_ARTICLES_DEFAULT",
    "JSONL_FIELDS",
    "MAX_BAD_JSONL_RECORDS_DEFAULT",
    "TITLE_MAX_CHARS_DEFAULT",
    "TITLE_MIN_WORDS_DEFAULT",
    "Corpus",
    "Document",
    "Progress",
    "check_regular_file",
    "guess_title",
    "ingest_corpus",
    "input_format",
    "iter_corpus",
    "list_input_files",
    "open_binary",
    "read_bytes",
    "read_file",
    "stack_batches",
]
