"""Runs of equal neighbouring values: the rows of each key in an array sorted by that key."""

from __future__ import annotations

import numpy as np


def equal_runs(values) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of equal neighbouring ``values``, in order (each key's
    rows, when ``values`` is sorted by key); none for no values."""
    values = np.asarray(values)
    if not len(values):
        return []
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]).tolist()
    return list(zip(starts, [*starts[1:], len(values)]))
