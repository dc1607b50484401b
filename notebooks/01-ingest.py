# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. The corpus: what was read, and what could not be
#
# The study reads a folder of articles about one story: plain text (`.txt`, in any common
# encoding), web pages (`.html`) and scraper exports (`.jsonl`), with optional metadata in
# `sources.csv`. Each article becomes a *source*; its text is cut into *blocks* (a paragraph
# or a line, with the line number of the raw file) and *sentences*. Nothing is thrown away at
# this stage: navigation, share buttons and comments stay in, for the boilerplate scorer to judge.
# Files that cannot be read are listed at the end, with the reason.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import ingest, plots

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.width", 160)
tables = analysis.load_study(corpus, processed)
articles, blocks, errors = tables["articles"], tables["blocks"], tables["errors"]

# %% [markdown]
# ## At a glance

# %%
ingest.corpus_totals(tables).to_frame()

# %% [markdown]
# ## The sources
#
# The title comes from the page's metadata or `sources.csv`; for plain text it is the first
# line of at least four words. The language is the one given in the metadata, else the one
# detected from the text (py3langid).

# %%
ingest.sources_overview(articles)

# %%
ingest.language_counts(articles)

# %%
fig, ax = plt.subplots(figsize=(8, 0.5 * len(articles) + 1.2))
plots.article_sizes(ax, articles)
fig.tight_layout();

# %% [markdown]
# ## Blocks
#
# Every dot is a block. Very short blocks are often the scaffolding of a web page (menus,
# "Share this post", "Read also:", captions); long ones are paragraphs of the article. The
# boilerplate scorer uses this and other signals.

# %%
fig, ax = plt.subplots(figsize=(8, 0.5 * articles["source_id"].nunique() + 1.5))
plots.block_lengths(ax, blocks)
fig.tight_layout();

# %% [markdown]
# How each source begins (first three blocks, with the line of the raw file they come from):

# %%
ingest.first_blocks(blocks)

# %% [markdown]
# ## Files that could not be read
#
# Every input file is either a source above or a row here, with what is wrong in words.
# Problems with `sources.csv` rows (a file it names that is not in the corpus, a date that is
# not a date) are listed here too.

# %%
print(ingest.errors_sentence(tables))
if len(errors):  # each error in full: it says where (line, column) and what to do
    with pd.option_context("display.max_colwidth", None):
        display(ingest.errors_table(errors))
