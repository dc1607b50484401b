"""What the local engine's workers load on their first article, loaded once for all of them.

The local engine forks its workers from a server process that imports this module
(``engine.WORKER_PRELOAD``), and replaces each worker after every task
(``engine.MAX_TASKS_PER_WORKER_DEFAULT``), so whatever a worker loads lazily it would load
again for every task. First calls in a fresh process on this machine (2026-12-02, cores
shared with other work): the language identifier's model 2.1 s; dateparser's dictionaries
of every locale, which htmldate falls back to on pages with an unusual date, 4.0 to 6.9 s;
lingua's models of the foreign languages that untranslated words are checked against,
1.7 + 0.9 s. Loaded here, they are in every worker's memory from its start (pages shared with
the server until written). Loading has no effect on any result.
"""

from __future__ import annotations

from . import study  # noqa: F401  (the whole package, imported once)
from .text import detect_language
from .translation.detectors import FOREIGN_LANGUAGES_DEFAULT, preload_language_models

# A sentence long enough for language identification, and a string no locale reads as a
# date (so dateparser tries, and loads, every locale).
ENGLISH_SENTENCE = "The storm reached the coast on Tuesday and the harbour was closed for the night."
NO_DATE = "zzzz qqqq 13"


def preload() -> None:
    detect_language(ENGLISH_SENTENCE)
    preload_language_models(FOREIGN_LANGUAGES_DEFAULT)
    try:
        from htmldate.extractors import get_external_parser
    except ImportError:  # htmldate moved it: the workers load it on first use, as before
        return
    get_external_parser().get_date_data(NO_DATE)


preload()
