"""Project-wide pytest settings: how nbval compares the stored notebooks.

The HTML repr of a DataFrame repeats its text repr (which nbval does compare); kernel stderr
carries warnings from libraries' internals, not the study's results.
"""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "stderr")
