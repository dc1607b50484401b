"""One row per claim of a corpus's article text (what a claim is: ``analysis.claims``)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from .measures import measure_of, scope_of
from .quotes import Quote, extract_quotes
from .roles import Role, extract_roles
from .values import Value, extract_values, is_dateline


CLAIM_COLUMNS = [
    "claim_id", "source_id", "block_id", "line_no", "text", "kind", "value", "bound", "unit",
    "value_text", "entity", "name_kind", "measure", "scope",
]


# A sentence of at least this many words that is not a question states something: a claim
# of kind "statement", linked to the sentences of other sources that say the same. Shorter
# lines are headings, bylines and fragments ("Read more", "Photo: AFP").
STATEMENT_MIN_WORDS_DEFAULT = 6
WORDS = re.compile(r"\w[\w'’-]*")


def is_statement(sentence: str, *, min_words: int = STATEMENT_MIN_WORDS_DEFAULT) -> bool:
    """Whether a content sentence states something (not a question, a fragment or a heading)."""
    text = sentence.strip()
    return len(WORDS.findall(text)) >= min_words and not text.endswith("?")


def reference_dates(articles: pd.DataFrame) -> dict[str, date]:
    """Each source's publication date, where its metadata gives one."""
    dates = {}
    for source, published in zip(articles["source_id"], articles["published"]):
        try:
            dates[source] = date.fromisoformat(str(published)[:10])
        except ValueError:
            continue
    return dates


def extract_claims(
    sentences: pd.DataFrame, blocks: pd.DataFrame, articles: pd.DataFrame,
) -> pd.DataFrame:
    """One row per claim in article text (see the module docstring); ``articles`` gives each
    source's publication date (``published``), against which relative dates are read, and
    its language (``language``, when the frame has it), in which numbers and dates are read
    ("1.500" is 1500 in German and French)."""
    is_content = ~blocks["is_boilerplate"].fillna(False).astype(bool)
    content = set(blocks.loc[is_content, "block_id"])
    references = reference_dates(articles)
    languages = (dict(zip(articles["source_id"], articles["language"]))
                 if "language" in articles else {})
    rows = []
    for block in blocks[is_content].itertuples(index=False):
        for k, quote in enumerate(extract_quotes(block.text), start=1):
            rows.append({
                "claim_id": f"{block.block_id}:q{k}", "source_id": block.source_id,
                "block_id": block.block_id, "line_no": block.line_no, "text": block.text,
                "kind": "quote", "value": quote.normalised, "bound": "exact",
                "unit": quote.speaker_key or None, "value_text": quote.text,
            })
    for sentence in sentences[sentences["block_id"].isin(content)].itertuples(index=False):
        for k, role in enumerate(extract_roles(sentence.text), start=1):
            rows.append({
                "claim_id": f"{sentence.sentence_id}:r{k}", "source_id": sentence.source_id,
                "block_id": sentence.block_id, "line_no": sentence.line_no, "text": sentence.text,
                "kind": "role", "value": role.category, "bound": "stated" if role.explicit else "name",
                "unit": role.key,
                "value_text": f"{role.entity}: {role.role}" if role.explicit else role.entity,
                "entity": role.entity, "name_kind": role.name_category,
            })
        if is_dateline(sentence.text):
            continue  # "Monday, Sep 10, 2012 | Updated 9:01 AM EDT": when the page was made
        if is_statement(sentence.text):
            rows.append({
                "claim_id": f"{sentence.sentence_id}:s", "source_id": sentence.source_id,
                "block_id": sentence.block_id, "line_no": sentence.line_no, "text": sentence.text,
                "kind": "statement", "value": None,
                "bound": "exact", "unit": None, "value_text": sentence.text,
            })
        language = languages.get(sentence.source_id)
        values = extract_values(sentence.text, references.get(sentence.source_id),
                                language if isinstance(language, str) else None)
        for k, value in enumerate(values, start=1):
            rows.append({
                "claim_id": f"{sentence.sentence_id}:{k}",
                "source_id": sentence.source_id,
                "block_id": sentence.block_id,
                "line_no": sentence.line_no,
                "text": sentence.text,
                "kind": value.kind,
                "value": value.value,
                "bound": value.bound,
                "unit": value.unit,
                "value_text": value.text,
                "measure": value.measure or measure_of(sentence.text, value.start, value.end),
                "scope": scope_of(sentence.text, value.start, value.end),
            })
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
