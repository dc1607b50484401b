"""The tables and charts of the notebooks, one module per notebook, named after it:
``summary`` (00-summary), ``ingest`` (01-ingest), ``boilerplate`` (02-boilerplate),
``translation`` (03-translation), ``consistency`` (04-consistency), ``agreement``
(05-agreement), and ``plots``, the charts they share. Each turns the study's tables into
what its notebook shows; none computes a score.
"""
