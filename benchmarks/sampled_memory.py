"""A command run as a child process, its resident memory sampled while it runs.

Shared by the benchmarks that report peak memory (``scale.py``, ``warc.py``): the peak of the
child and all its worker processes summed, and of the child alone, sampled every 0.1 s.
"""

from __future__ import annotations

import subprocess
import threading

import psutil

SAMPLE_SECONDS = 0.1


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """Resident memory of ``process`` and its children summed, and of ``process`` alone."""
    own = process.memory_info().rss
    total = own
    for member in process.children(recursive=True):
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total, own


def run_sampled(command: list[str], what: str) -> tuple[str, int, int]:
    """Run ``command``; its standard output, and the peak summed and own resident memory in
    bytes. A failed command stops the benchmark, naming ``what`` it was running."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak_tree = peak_own = 0
    done = threading.Event()

    def sample():
        nonlocal peak_tree, peak_own
        while not done.is_set():
            try:
                total, own = tree_rss(watched)
                peak_tree, peak_own = max(peak_tree, total), max(peak_own, own)
            except psutil.Error:
                pass
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"{what} failed (exit {child.returncode})")
    return output, peak_tree, peak_own
