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
# # 5. Agreement: who agrees with whom, on what
#
# For each pair of sources of a story, **agreement** combines how much of one source's text the
# other tells too (*text similarity*: each sentence's best aligned sentence in the other source)
# and how many of its facts the other reports (*claim overlap*), discounted by the share of
# shared facts on which the two contradict each other:
#
# agreement = (0.5 × text similarity + 0.5 × claim overlap) × (1 − contradicting facts / shared facts)
#
# It is not symmetric (a short copy can be all in a long article); the charts use the mean of
# both directions. Sources are ordered by clustering, so families of sources that tell the
# story alike sit together. A corpus of many stories shows its largest story here (at most 40
# sources); the tables hold every story.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import agreement, plots, summary

pd.set_option("display.max_colwidth", 140)
pd.set_option("display.width", 200)
tables = analysis.load_study(corpus, processed)
pairs, alignments, claims = tables["agreement"], tables["alignments"], tables["claims"]
shown = agreement.story_sources(tables["articles"])
matrix = agreement.symmetric_agreement(pairs, shown)
order, tree = agreement.cluster_order(matrix)

# %% [markdown]
# ## Agreement between sources

# %%
fig, ax = plt.subplots(figsize=(1.0 * len(order) + 3, 0.8 * len(order) + 2))
plots.agreement_heatmap(ax, matrix, order, labels=summary.source_labels(tables["articles"]))
fig.tight_layout();

# %%
fig, ax = plt.subplots(figsize=(7, 0.45 * len(order) + 1.5))
labels = summary.source_labels(tables["articles"])
plots.source_dendrogram(ax, tree, [labels.get(s, s) for s in matrix.index])
fig.tight_layout();

# %% [markdown]
# ## Who reports what
#
# Facts that two sources or more report (rows) against the sources (columns); green where the
# other sources confirm it, red where one contradicts it.

# %%
shown_claims = claims[claims["source_id"].isin(shown)]
n_shared = shown_claims.groupby("cluster_id")["source_id"].nunique().ge(2).sum()
fig, ax = plt.subplots(figsize=(9, 0.4 * n_shared + 1.8))
plots.claims_dot_matrix(ax, shown_claims, labels=summary.source_labels(tables["articles"]))
fig.tight_layout();

# %% [markdown]
# ## The agreement table, strongest pairs first

# %%
view = agreement.agreement_view(pairs, shown)
view

# %% [markdown]
# ## The evidence behind the strongest pair
#
# The most similar sentences of the two sources that agree most, with their lines.

# %%
top_a, top_b = view.index[0] if len(view) else (None, None)
agreement.strongest_alignments(alignments, top_a, top_b)
