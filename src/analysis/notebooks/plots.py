"""Charts for the notebooks: each function draws on the ``ax`` it is given and returns it."""

from __future__ import annotations

import matplotlib.axes
import numpy as np
import pandas as pd


def article_sizes(ax: matplotlib.axes.Axes, articles: pd.DataFrame) -> matplotlib.axes.Axes:
    """Horizontal bars: characters per source, labelled with the number of blocks."""
    table = articles.sort_values("source_id", ascending=False)
    bars = ax.barh(table["source_id"], table["n_chars"], color="#4c78a8")
    for bar, blocks in zip(bars, table["n_blocks"]):
        ax.annotate(
            f"{blocks} blocks", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0), textcoords="offset points", va="center", fontsize=8,
        )
    ax.set_xlabel("characters of text")
    ax.set_title("Size of each source")
    ax.margins(x=0.2)
    return ax


def block_lengths(ax: matplotlib.axes.Axes, blocks: pd.DataFrame) -> matplotlib.axes.Axes:
    """One dot per block: its length in characters (log scale), one row per source."""
    sources = sorted(blocks["source_id"].unique())
    for row, source in enumerate(sources):
        lengths = blocks.loc[blocks["source_id"] == source, "n_chars"].to_numpy()
        ax.scatter(lengths, np.full(len(lengths), row), s=14, alpha=0.6, color="#4c78a8")
    ax.set_yticks(range(len(sources)), sources)
    ax.set_xscale("log")
    ax.set_xlabel("block length in characters (log scale)")
    ax.set_title("Blocks per source: short ones are often navigation, captions or share lines")
    ax.invert_yaxis()
    return ax


KIND_COLOURS = {
    "navigation": "#4c78a8", "share": "#72b7b2", "promo": "#e45756", "comments": "#f58518",
    "teaser": "#b279a2", "caption": "#54a24b", "byline": "#9d755d", "duplicate": "#bab0ac",
    "other": "#d3d3d3",
}


def boilerplate_by_kind(ax: matplotlib.axes.Axes, sources: pd.DataFrame) -> matplotlib.axes.Axes:
    """Stacked horizontal bars: each source's share of boilerplate characters, by kind."""
    from ..boilerplate import KIND_LABELS, KINDS

    table = sources.sort_values("source_id", ascending=False)
    left = np.zeros(len(table))
    for kind in KINDS:
        values = table[f"boilerplate_share_{kind}"].fillna(0).to_numpy() * 100
        if values.any():
            ax.barh(table["source_id"], values, left=left, color=KIND_COLOURS[kind],
                    label=KIND_LABELS[kind])
            left += values
    ax.set_xlabel("share of the source's characters (%)")
    ax.set_title("Boilerplate noise per source, by kind")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlim(0, max(left.max() * 1.6, 5))
    return ax


def translation_scores(
    ax: matplotlib.axes.Axes, sources: pd.DataFrame, threshold: float
) -> matplotlib.axes.Axes:
    """Horizontal bars: each source's translation score, with the verdict threshold."""
    table = sources.sort_values("source_id", ascending=False)
    colours = ["#e45756" if flag else "#4c78a8" for flag in table["machine_translated"]]
    ax.barh(table["source_id"], table["translation_score"], color=colours)
    ax.axvline(threshold, color="#333333", linestyle="--", linewidth=1)
    ax.annotate("machine-translated from here", (threshold, 1.0), xycoords=("data", "axes fraction"),
                xytext=(4, -12), textcoords="offset points", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("translation score (0 = no evidence found, 1 = certain)")
    ax.set_title("How likely each source is machine-translated")
    return ax


STATUS_COLOURS = {"corroborated": "#54a24b", "contradicted": "#e45756", "disputed": "#f58518",
                  "updated": "#4c78a8", "unique": "#bab0ac"}
# Status a source takes in a fact when its claims there differ: the worst one.
STATUS_RANK = {status: k for k, status in enumerate(["contradicted", "disputed", "updated", "corroborated", "unique"])}


def claims_dot_matrix(ax: matplotlib.axes.Axes, claims: pd.DataFrame, *, min_sources: int = 2,
                      label_chars: int = 34, labels: dict[str, str] | None = None) -> matplotlib.axes.Axes:
    """Facts reported by ``min_sources`` sources or more (rows) x sources (columns): a dot
    where a source reports the fact, coloured by its claim's status (UpSet-style). ``labels``
    names the sources on the axis (e.g. by outlet); their ids by default."""
    per_source = claims.groupby("cluster_id")["source_id"].nunique()
    facts = sorted(per_source[per_source >= min_sources].index)
    sources = sorted(claims["source_id"].unique())
    ax.set_title("Who reports which fact (facts reported by two sources or more)")
    if not facts:
        ax.text(0.5, 0.5, f"No fact is reported by {min_sources} sources or more.",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    chosen = claims[claims["cluster_id"].isin(facts)].sort_values(["cluster_id", "source_id", "line_no"])
    cells = chosen.groupby(["cluster_id", "source_id"])["status"].agg(
        lambda s: min(s, key=lambda status: STATUS_RANK.get(status, len(STATUS_RANK)))).reset_index()
    row = {fact: i for i, fact in enumerate(facts)}
    col = {source: j for j, source in enumerate(sources)}
    for status, colour in STATUS_COLOURS.items():
        part = cells[cells["status"] == status]
        ax.scatter([col[s] for s in part["source_id"]], [row[f] for f in part["cluster_id"]],
                   s=90, color=colour, label=status, zorder=3)
    values = chosen.groupby("cluster_id")["value_text"].first()
    ax.set_yticks(range(len(facts)), [f"{fact}: {str(values[fact])[:label_chars]}" for fact in facts],
                  fontsize=8)
    ax.set_xticks(range(len(sources)), [(labels or {}).get(s, s) for s in sources], rotation=30, ha="right",
                  fontsize=8)
    ax.set_ylim(len(facts) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(sources) - 0.5)
    ax.grid(True, color="#eeeeee", zorder=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def agreement_heatmap(ax: matplotlib.axes.Axes, matrix: pd.DataFrame, order: list[str], *,
                      labels: dict[str, str] | None = None) -> matplotlib.axes.Axes:
    """Source x source agreement (0..1), rows and columns in ``order`` (clustered); ``labels``
    names the sources (e.g. by outlet), their ids by default."""
    values = matrix.loc[order, order].to_numpy()
    image = ax.imshow(values, cmap="viridis", vmin=0, vmax=1)
    named = [(labels or {}).get(s, s) for s in order]
    ax.set_xticks(range(len(order)), named, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(order)), named, fontsize=8)
    if len(order) <= 12:
        for i in range(len(order)):
            for j in range(len(order)):
                if i != j:
                    ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=7,
                            color="white" if values[i, j] < 0.6 else "black")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="agreement (mean of both directions)")
    ax.set_title("Who agrees with whom (ordered by clustering)")
    return ax


def source_dendrogram(ax: matplotlib.axes.Axes, tree, labels: list[str]) -> matplotlib.axes.Axes:
    """The clustering of sources by agreement (distance = 1 - agreement)."""
    from scipy.cluster.hierarchy import dendrogram

    if tree is None:
        ax.text(0.5, 0.5, "fewer than three sources: nothing to cluster", ha="center", va="center")
        ax.set_axis_off()
        return ax
    dendrogram(tree, labels=labels, orientation="right", ax=ax, color_threshold=0, above_threshold_color="#4c78a8")
    ax.set_xlabel("distance (1 - agreement)")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("Families of sources")
    return ax


def reliability_intervals(ax: matplotlib.axes.Axes, sources: pd.DataFrame) -> matplotlib.axes.Axes:
    """Each source's reliability with its 90% interval, most reliable on top."""
    table = sources.sort_values(["reliability", "source_id"], ascending=[True, False])
    y = np.arange(len(table))
    ax.hlines(y, table["reliability_low"], table["reliability_high"], color="#9ecae9", linewidth=6)
    ax.scatter(table["reliability"], y, color="#1f4e79", zorder=3, label="reliability")
    ax.set_yticks(y, table["source_id"], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("reliability (bar: 90% interval from the consistency evidence)")
    ax.set_title("Reliability per source")
    return ax


def rank_sensitivity(ax: matplotlib.axes.Axes, sensitivity: pd.DataFrame) -> matplotlib.axes.Axes:
    """Each source's rank under the default weights and the range it takes when they move."""
    table = sensitivity.sort_values(["rank", "source_id"], ascending=[False, False])
    y = np.arange(len(table))
    ax.hlines(y, table["rank_low"] - 0.1, table["rank_high"] + 0.1, color="#f2b880", linewidth=6)
    ax.scatter(table["rank"], y, color="#c05600", zorder=3)
    ax.set_yticks(y, table["source_id"], fontsize=8)
    ax.set_xticks(range(1, len(table) + 1))
    ax.invert_xaxis()
    ax.set_xlabel("rank (1 = most reliable); bar: 5th-95th percentile over redrawn weights")
    ax.set_title("Does the ranking hold when the weights move?")
    return ax
