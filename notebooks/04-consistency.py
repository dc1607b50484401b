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
# # 4. Consistency: what each source claims, who corroborates, who contradicts
#
# From the article text of each source (never boilerplate) the study takes the *claims* a
# reader could check: numbers and counts ("11 complaints", in digits or in words), amounts,
# percentages, dates, each with what it measures (died, injured, magnitude, ...) and its
# scope (a place, a year, "so far"); organisations and people with the role the source gives
# them ("X, a regional data protection authority"); quotes with their speakers; and every
# plain statement (a sentence of six words or more).
#
# Claims of different sources are linked when they agree and their sentences say the same
# thing (a similarity learned from human judgements of news sentences), or when they give
# different values of the same measure, for the same scope, in near-identical sentences.
# Rounding and qualifiers never make a contradiction ("400 million" and "more than 400
# million" agree). A *fact* is a set of claims that state one measure of one event: agreeing
# claims form a *side* only when every value agrees with every other, and sides join into one
# fact only through a contradiction, so facts never chain into blobs. Sources that copy each
# other's text form a *copy family*, which counts once.
#
# On each fact, the side with the most independent sources is **corroborated** (when it has
# two families or more), the others **contradicted**; an even split is **disputed**; a running
# figure that rose between articles' dates is **updated**; a fact only one family states is
# **unique**. A source's consistency score is (corroborated + 1) / (corroborated +
# contradicted + 2), counted in facts, not mentions: with little evidence it stays near 0.5,
# the interval shows how sure it is, and a source whose interval is too wide is not ranked.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import consistency, plots, summary

pd.set_option("display.max_colwidth", 160)
pd.set_option("display.width", 200)
tables = analysis.load_study(corpus, processed)
claims, sources = tables["claims"], tables["sources"]
contradictions, copies = tables["contradictions"], tables["copies"]

# %% [markdown]
# ## Consistency per source

# %%
consistency.consistency_table(sources)

# %%
consistency.claims_by_kind(claims)

# %% [markdown]
# ## Contradictions
#
# Each row is a pair of claims that disagree, with both sentences, their raw-file lines and
# the reason.

# %%
consistency.contradictions_view(contradictions)

# %% [markdown]
# ## The sides of each disputed fact
#
# One row per side: what its sources say, how many sources stand behind it, and its verdict.

# %%
consistency.fact_sides(claims)

# %% [markdown]
# ## Facts that several sources report
#
# One row per fact, one column per source: the source's words for it and the line (✗ marks a
# claim other sources outnumber). At most ten sources, those in the most shared facts; the
# others are named below the table.

# %%
consistency.shared_facts(claims)

# %%
note = consistency.sources_left_out_sentence(claims)
if note:
    print(note)
shown_sources, _ = consistency.matrix_sources(claims)
shown_claims = claims[claims["source_id"].isin(shown_sources)]
n_shared = shown_claims.groupby("cluster_id")["source_id"].nunique().ge(2).sum()
fig, ax = plt.subplots(figsize=(9, 0.4 * n_shared + 1.8))
plots.claims_dot_matrix(ax, shown_claims, labels=summary.source_labels(tables["articles"]))
fig.tight_layout();

# %% [markdown]
# ## Copies
#
# Pairs of sources whose text is mostly the same (half or more of the shorter one's sentences,
# two at least, near-verbatim). Empty when every source wrote its own text.

# %%
consistency.copies_view(copies)

# %% [markdown]
# ## Claims only one source makes
#
# Not wrong for that: nobody else checked them. They are where a reader should look twice.
# (Plain statements only one source makes are left out here: most sentences of an article are
# its own.)

# %%
consistency.unique_claims(claims)
