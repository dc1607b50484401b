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
# # 2. Boilerplate noise: what in each source is not the article
#
# Scraped and syndicated copies carry navigation, share buttons, ads, comment forms, spam
# comments, "read also" teasers for other stories, captions and credits, and duplicated lines.
# Every block gets a score (the probability that it is boilerplate), and a flagged block gets a
# *kind* and a *reason* in words. Three kinds of evidence decide:
#
# - **rules** that were at least 98% precise on 17,000 labelled lines of news pages: a short
#   line that matches a lexicon (share buttons, comment forms, ads, "read also", bylines,
#   menus), the lines of a comment or teaser section that follows the article, and
#   word-for-word repeats;
# - a **classifier** (gradient-boosted trees) that reads each line with its neighbours:
#   length, function words, punctuation, position relative to the article's paragraphs;
# - **the other sources**: a line that several sources carry word for word is site template,
#   and a block at the end of a source that shares almost no words with what the others say
#   about the story is a teaser for another story.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import boilerplate, plots

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 200)
tables = analysis.load_study(corpus, processed)
blocks, sources = tables["blocks"], tables["sources"]

# %% [markdown]
# ## Noise per source
#
# The share of each source's characters that is boilerplate, in total and by kind (percent).

# %%
boilerplate.noise_by_kind(sources)

# %%
fig, ax = plt.subplots(figsize=(8, 0.55 * len(sources) + 1.4))
plots.boilerplate_by_kind(ax, sources)
fig.tight_layout();

# %% [markdown]
# ## The flagged lines, with their reasons
#
# `line_no` is the line of the raw file; `rule` says what decided: `lexicon`, `section` or
# `duplicate` (rules), `model` (the classifier), `template` or `off_topic` (across sources).

# %%
boilerplate.flagged_lines(blocks)

# %%
boilerplate.flags_by_rule(blocks)

# %% [markdown]
# ## Kept lines a reader should check
#
# Blocks kept as article text although the classifier gave them some chance of being
# boilerplate: a reader may want to look at them before quoting.

# %%
boilerplate.lines_to_check(blocks)
