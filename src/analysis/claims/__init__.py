"""Claims: the checkable statements of each source, with typed, normalised values.

``extract_claims`` reads article text (never boilerplate) and writes one row per claim:

- a typed value in a sentence (``values``): kinds number, count, percent, money, date, with
  what it measures and its scope (``measures``: ``measure`` "died", "magnitude", ...;
  ``scope`` places, years, "so far"); datelines ("Monday, Sep 10, 2012 | Updated 9:01 AM")
  are no claims;
- an entity with the role the source gives it (``roles``): kind ``role``, ``value`` the
  role's category, ``unit`` the entity's key, ``bound`` "stated" (said of it) or "name"
  (read off its name);
- a quote (``quotes``), per block since quotes run over sentences: kind ``quote``, ``value``
  the normalised words, ``unit`` the speaker's key (null when unknown);
- a statement: every sentence of at least ``STATEMENT_MIN_WORDS_DEFAULT`` words that is not
  a question, kind ``statement``, no ``value`` (the sentence is its text), linked to the sentences
  of other sources that say the same (facts without a number: "Meta relies on legitimate
  interest").

Aligning claims across sources (``cluster_id``) and judging them (``status``) is the
agreement stage's work.
"""

from .extract import extract_claims
from .quotes import Quote, extract_quotes
from .roles import Role, extract_roles
from .values import Value, extract_values

__all__ = ["Quote", "Role", "Value", "extract_claims", "extract_quotes", "extract_roles", "extract_values"]
