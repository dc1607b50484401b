"""Property: whatever bytes and names land in a corpus, ingest accounts for every file."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import CorpusError
from analysis.ingest import ingest_corpus
from analysis.schema import SCHEMAS

SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz", ".csv", ".bin", ""]
stems = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1, max_size=20,
).filter(lambda s: s not in (".", "..") and not s.startswith(".") and len(s.encode()) < 200)
contents = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=300).map(lambda s: ("<html><body><p>" + s + "</p></body></html>").encode(
        "utf-8", "surrogatepass")),
)
corpora = st.dictionaries(
    st.tuples(stems, st.sampled_from(SUFFIXES)).map("".join), contents, min_size=1, max_size=6
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=corpora)
def test_every_file_is_an_article_or_an_error(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        written = set()
        for name, data in files.items():
            if name.lower() == "sources.csv":
                continue
            (root / name).write_bytes(data)
            written.add(name)
        try:
            corpus = ingest_corpus(root, max_bytes=1500)
        except CorpusError:
            assert not written
            return
        accounted = set(corpus.articles["path"]) | set(corpus.errors["path"])
        assert written == accounted
        for table, frame in corpus.tables().items():
            assert list(frame.columns)[: len(SCHEMAS[table])] == list(SCHEMAS[table])
        assert corpus.errors["error"].str.len().gt(10).all()
        assert corpus.articles["source_id"].is_unique
        assert (corpus.blocks["line_no"] >= 1).all()
