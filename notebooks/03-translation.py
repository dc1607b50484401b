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
# # 3. Translation artifacts: which copies are machine-translated rewrites
#
# Many copies of a story are translations, often automatic, of an article first written in
# another language. They leave traces: a notice that the text was translated, quotation marks
# and number or date formats of the source language („ “, « », "1.000 Euro", "19.06.2024"),
# phrases that render a German or French term word for word (calques), quote attributions in
# the source language's word order, glued or doubled words, repeated sentences, mojibake.
#
# Each trace is an *artifact* with its line and the text that matched. A source's score adds
# up the evidence (repeats of one phrase count once and each kind adds one occurrence's
# weight at most, so one habit does not count many times) and turns it into a number between
# 0 and 1. A source is called machine-translated when the score reaches 0.5 on evidence of two
# kinds (a style score past 0.72 is one), or when it carries a notice, which alone decides;
# one kind of artifact never does. Every lexicon entry is measured on data other than this
# corpus (`src/analysis/data/lexicons/`). Artifacts are looked for in article text only, except notices, which often
# sit in a byline or footer.
#
# Modern machine translation often leaves no such trace, so a learned signal reads the
# *style* of each English source's article text as a whole: how often it uses each function
# word ("the", "several", "therefore", "up"), word-class patterns ("in the w", where `w` is any
# other word), commas, sentence length, contractions; never a content word or a name. Trained
# on WMT21 news (English originals and human translations against German-to-English machine
# translation), it adds evidence of its own kind, capped like the others and weighted by the
# amount of text: a source of fewer than five sentences gets none. Its score alone is
# `translation_style_score`.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import plots, translation
from analysis.translation.score import THRESHOLD_DEFAULT

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.width", 200)
tables = analysis.load_study(corpus, processed)
artifacts, sources = tables["artifacts"], tables["sources"]

# %% [markdown]
# ## Score per source

# %%
translation.scores_table(sources)

# %%
fig, ax = plt.subplots(figsize=(8, 0.55 * len(sources) + 1.4))
plots.translation_scores(ax, sources, THRESHOLD_DEFAULT)
fig.tight_layout();

# %% [markdown]
# ## The style signal
#
# What the style score alone would be (0 to 1, the scale of the translation score), how many
# sentences it rests on and the features that push the source most toward machine
# translation, in standard deviations from the training documents' mean ("pattern": a
# word-class pattern, `w` a word, `C` a capitalised word, `#` a number). It separates English
# originals from machine translation well, but not machine from careful human translation.

# %%
translation.style_evidence(sources)

# %% [markdown]
# ## Which source translates which
#
# When the corpus holds articles in other languages, each English source is paired with the
# foreign article it translates, if any: the names and numbers of the English text (words
# capitalised inside a sentence, acronyms, numbers without their separators) found in the
# foreign one, weighted by how rare they are, in the same order, and clearly more than in any
# other foreign article. A translation is a copy of its original: the two are one copy family
# and never corroborate each other. The evidence lists the shared names and numbers, so each
# pairing can be checked against the two texts. No row: no source translates another source
# of this corpus.

# %%
translation.translations_table(sources, tables["articles"])

# %% [markdown]
# ## The evidence, by kind and line by line
#
# `line_no` is the line of the raw file; the evidence is the matched text with a little
# context.

# %%
translation.artifacts_by_kind(artifacts, sources)

# %%
translation.evidence_lines(artifacts)

# %% [markdown]
# ## How much each kind of evidence weighs
#
# One occurrence adds this much evidence, and a kind contributes at most that much (a notice
# 3). The score is 1 − exp(−evidence): one notice gives 0.95, one pair of foreign quotation
# marks 0.45, two different kinds at 0.5 give 0.63.

# %%
translation.weights_table()
