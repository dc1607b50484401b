"""Documents to the rows of ``articles``, ``blocks`` and ``sentences``: language, sentences."""

from __future__ import annotations

import pandas as pd

from ..schema import SCHEMAS
from ..text import detect_language, split_sentences
from .documents import Document
from .datelines import text_dates
from .metadata import KNOWN_FIELDS, guess_title

# Formats whose metadata seldom holds a date: their first lines' datelines give `published`
# when the metadata gives none, and `updated` ("Posted: 03/14/2013 ...", "Updated 9:01 AM").
# An HTML page's date comes from its head (trafilatura, htmldate), a web archive's else from
# the day it was fetched.
TEXT_DATE_FORMATS = ("txt", "jsonl")


def document_frames(documents: list[Document]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``articles``, ``blocks`` and ``sentences`` frames of ``documents``, in their order.

    Not yet conformed to the schema: rows stay in document order (an article's blocks and
    sentences follow each other), so rows of some documents can still be dropped by position.
    """
    article_rows, block_rows, sentence_rows = document_rows(documents)
    articles = pd.DataFrame(article_rows)
    del article_rows
    blocks = pd.DataFrame(block_rows)
    del block_rows
    return articles, blocks, pd.DataFrame(sentence_rows)


def document_rows(documents: list[Document]) -> tuple[list[dict], list[dict], list[dict]]:
    """Article, block and sentence rows of ``documents`` (language detection, sentences)."""
    article_rows, block_rows, sentence_rows = [], [], []
    for document in documents:
        full_text = "\n".join(block.text for block in document.blocks)
        detected, confidence = detect_language(full_text)
        language = document.meta.get("language") or detected
        n_sentences = 0
        for block_no, block in enumerate(document.blocks, start=1):
            block_id = f"{document.source_id}:{block_no}"
            block_rows.append({
                "source_id": document.source_id,
                "block_id": block_id,
                "block_no": block_no,
                "line_no": block.line_no,
                "n_lines": block.n_lines,
                "text": block.text,
                "text_before_repair": block.text_before_repair,
                "n_chars": len(block.text),
                "link_share": block.page.link_share if block.page else None,
                "page_section": block.page.section if block.page else None,
                "page_main": block.page.main_text if block.page else None,
            })
            for sentence_no, (start, end, sentence) in enumerate(
                split_sentences(block.text, language), start=1
            ):
                sentence_rows.append({
                    "sentence_id": f"{block_id}:{sentence_no}",
                    "source_id": document.source_id,
                    "block_id": block_id,
                    "line_no": block.line_no,
                    "sentence_no": sentence_no,
                    "start": start,
                    "end": end,
                    "text": sentence,
                })
                n_sentences += 1
        # Other metadata (sources.csv columns) rides along; a name the contract uses is prefixed.
        extra = {
            (name if name not in SCHEMAS["articles"] else f"meta_{name}"): value
            for name, value in document.meta.items()
            if name not in KNOWN_FIELDS
        }
        published, updated = document.meta.get("published"), None
        if document.format in TEXT_DATE_FORMATS:
            text_published, updated = text_dates(document.blocks)
            published = published or text_published
        article_rows.append({
            "source_id": document.source_id,
            "path": document.path,
            "record": document.record,
            "format": document.format,
            "title": document.meta.get("title") or guess_title(document.blocks),
            "outlet": document.meta.get("outlet"),
            "url": document.meta.get("url"),
            "published": published,
            "language": language,
            "language_source": document.language_source or ("detected" if detected else None),
            "language_detected": detected,
            "language_confidence": confidence,
            "encoding": document.encoding,
            "n_bytes": document.n_bytes,
            "n_chars": len(full_text),
            "n_blocks": len(document.blocks),
            "n_sentences": n_sentences,
            "n_repaired_blocks": sum(b.text_before_repair is not None for b in document.blocks),
            "updated": updated,
            **extra,
        })
    return article_rows, block_rows, sentence_rows
