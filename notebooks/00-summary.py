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
# # Summary: which sources to trust
#
# The study read every article of the corpus and scored each source on what it says (are its
# claims confirmed or contradicted by the other sources?), on how much of its text is noise
# (navigation, ads, comments, teasers), and on whether it is a machine-translated rewrite.
# This page gives the verdict and the main evidence; the pages after it show every line
# behind every number: 1 what was read, 2 boilerplate, 3 translation, 4 claims and
# contradictions, 5 agreement between sources.

# %% tags=["parameters"]
corpus = "../data/raw"
processed = "../data/processed"
links = "../reports/"  # the report's pages seen from here (`make report`); the report sets ""

# %%
import matplotlib.pyplot as plt
import pandas as pd

import analysis
from analysis.notebooks import agreement, plots, summary
from analysis import reliability

pd.set_option("display.max_colwidth", 400)
pd.set_option("display.width", 200)
tables = analysis.load_study(corpus, processed)
sources, contradictions = tables["sources"], tables["contradictions"]

# %% [markdown]
# ## The scorecard
#
# **The rule.** A source earns trust from its checkable facts: each fact another, independent
# source states the same way counts for it (a copy of its text, or a translation of it, is not
# independent), a fact it reported first, before the others repeated it, counts once more, and a
# fact a majority of independent sources state otherwise counts three times against it. A fact
# nobody else states is no evidence either way, so making more claims earns nothing; a fact the
# sources split on evenly is flagged (disputed) and widens the source's interval, but moves no
# score. That is the facts part, half of the total; clean text (a quarter) and no sign of machine
# translation (a quarter) make the rest. Two sources are tied ("2-5") when their 90% intervals
# overlap, and numbered apart only when they do not; a source with too little checkable evidence
# is listed last, not ranked.

# %%
summary.scorecard_view(sources, tables["articles"])

# %% [markdown]
# Every count, linked: each source is named by its outlet (its id below) and links to its page,
# which shows its article as the study read it; each count links to the lines behind it. In
# the report, click a header to sort, type to filter.

# %%
summary.scorecard_links(tables, links)

# %%
summary.stories_at_a_glance(tables, links)

# %%
charted = summary.chart_sources(sources, tables["articles"])
note = summary.sources_shown_sentence(sources)
if note:
    print(note)
fig, ax = plt.subplots(figsize=(8, 0.5 * len(charted) + 1.4))
plots.reliability_intervals(ax, charted)
fig.tight_layout();

# %% [markdown]
# ## How reliability is computed
#
# reliability = 0.5 × facts + 0.25 × (1 − boilerplate share) + 0.25 × (1 − translation score)
#
# The facts part is the mean of a Beta posterior on "a fact of this source that others checked
# holds up": it starts at 0.9 (news facts mostly hold up) with the weight of two facts, then
# each corroborated fact adds 1 to the held side (a fact reported first adds 1 more) and each
# contradicted fact 3 to the failed side. The translation score counts where the study calls
# the source likely machine-translated (artifact evidence; style alone, or one doubled word,
# never). The weights are judgements, each with its reason below, until the planted-error
# benchmark chooses them; the sensitivity view after shows whether the ranking depends on them.

# %%
reliability.weights_table()

# %%
reliability.evidence_table()

# %% [markdown]
# ## Does the ranking hold when the weights move?
#
# The weights are drawn 500 times around their defaults (each moves by about ±0.1). For each
# source: its rank, the range of ranks it takes (5th to 95th percentile), and how often it
# keeps its rank.

# %%
sensitivity = reliability.sensitivity(sources)
sensitivity.set_index("source_id")

# %%
charted = summary.chart_sensitivity(sensitivity, sources, tables["articles"])
fig, ax = plt.subplots(figsize=(8, 0.5 * len(charted) + 1.4))
plots.rank_sensitivity(ax, charted)
fig.tight_layout();

# %% [markdown]
# ## Outlets over all their stories
#
# An outlet's articles pooled across every story of the corpus: its claims add up, so its
# interval narrows with all its coverage, not one article's.

# %%
view = summary.outlets_links(tables, links)
if isinstance(view, str):
    print(view)
else:
    display(view)

# %% [markdown]
# ## The contradictions to read first
#
# Pairs of sources that disagree about the same fact, with both sentences in full and their
# lines, each linked to the article as the study read it (all of them on page 4).

# %%
summary.contradictions_links(tables, links)

# %% [markdown]
# ## Who agrees with whom
#
# Agreement between sources (page 5 explains it), ordered so that sources telling the story
# alike sit together.

# %%
shown = agreement.story_sources(tables["articles"])
matrix = agreement.symmetric_agreement(tables["agreement"], shown)
order, _ = agreement.cluster_order(matrix)
fig, ax = plt.subplots(figsize=(1.0 * len(order) + 3, 0.8 * len(order) + 2))
plots.agreement_heatmap(ax, matrix, order, labels=summary.source_labels(tables["articles"]))
fig.tight_layout();
