"""Rebuild corpus/ (English files, sources.csv) and truth.csv from the coverage dev set:
    python make_corpus.py ../../../../shared/benchmarks/coverage/corpora
The German files were written by hand beforehand and are not touched."""
import csv, os, shutil, sys
SRC = sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/benchmarks/coverage/corpora"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
chosen = {
 "13a": ["13_21ecb", "13_18ecb", "13_9ecb", "13_6ecb"],
 "1b":  ["1_19ecbplus", "1_14ecbplus", "1_12ecbplus", "1_1ecbplus"],
 "25a": ["25_1ecb", "25_2ecb", "25_12ecb", "25_14ecb"],
 "27a": ["27_9ecb", "27_4ecb", "27_13ecb", "27_5ecb"],
}
german_only = {"13_9ecb", "1_1ecbplus", "25_2ecb", "27_5ecb"}
others = {"1a": ["1_10ecb", "1_13ecb", "1_2ecb", "1_3ecb", "1_7ecb"],
          "43b": ["43_1ecbplus", "43_7ecbplus", "43_10ecbplus", "43_13ecbplus", "43_14ecbplus"]}
def meta(sub):
    with open(os.path.join(SRC, sub, "sources.csv"), newline="", encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f)}
rows_src, rows_truth = [], []
def add_en(sub, fname, tr=""):
    shutil.copyfile(os.path.join(SRC, sub, fname), os.path.join(OUT, fname))
    m = meta(sub).get(fname, {})
    rows_src.append([fname, m.get("url", "") or "", m.get("outlet", "") or "", "en"])
    rows_truth.append([fname, tr, sub])
for sub, docs in chosen.items():
    alltxt = sorted(f for f in os.listdir(os.path.join(SRC, sub)) if f.endswith(".txt"))
    for f in alltxt:
        doc = f[:-4]
        if doc in german_only:
            continue
        add_en(sub, f, f"de_{doc}.txt" if doc in docs else "")
    for doc in docs:
        de = f"de_{doc}.txt"
        assert os.path.exists(os.path.join(OUT, de)), de
        rows_src.append([de, "", "Deutsche Übersetzung (test)", "de"])
        rows_truth.append([de, "", sub])
for sub, docs in others.items():
    for doc in docs:
        add_en(sub, doc + ".txt")
with open(os.path.join(OUT, "sources.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(["file", "url", "outlet", "language"]); w.writerows(rows_src)
with open(os.path.join(HERE, "truth.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(["file", "translation_of", "subtopic"]); w.writerows(rows_truth)
print(len(rows_src), len(rows_truth))
