"""srcrel analysis: a reproducible source-reliability study for news corpora.

The package turns a folder of articles into the tables of the data contract
(``articles``, ``blocks``, ``sentences``, ``errors``, ...) and renders them into reports.
Library code never prints or configures logging; the CLI and the notebooks do.
"""

import logging

from .errors import CorpusError, InputError
from .ingest import Corpus, ingest_corpus
from .study import load_study, run_study

__all__ = ["Corpus", "CorpusError", "InputError", "ingest_corpus", "load_study", "run_study"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
