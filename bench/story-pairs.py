#!/usr/bin/env python3
"""Which item pairs two dedup builds group differently.

Usage: bench/story-pairs.py BEFORE.tsv AFTER.tsv [CORPUS_DIR]
Each file is `dedup-eval --stories FILE` output (newid, then the newid of its story's first
item). Prints every pair of items that share a story in one file and not in the other, with
their headlines, then the counts. A change to the verifier should move the pairs it means to
move and no others. Standard library only.
"""
import gzip, itertools, json, os, sys
from collections import defaultdict


def pairs(path):
    groups = defaultdict(list)
    with open(path) as f:
        for line in f:
            item, story = line.split()
            groups[story].append(int(item))
    return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


before, after = pairs(sys.argv[1]), pairs(sys.argv[2])
corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../shared/corpora/reuters21578")
titles = {}
with gzip.open(os.path.join(corpus, "reuters21578.jsonl.gz"), "rt") as f:
    for line in f:
        item = json.loads(line)
        titles[item["newid"]] = item.get("title", "")
for label, moved in (("split (one story before, two after)", before - after), ("joined (two stories before, one after)", after - before)):
    print(f"{label}: {len(moved)}")
    for a, b in sorted(moved):
        print(f"  {a} | {b}   {titles.get(a, '')!r} | {titles.get(b, '')!r}")
print(f"pairs before {len(before)}, after {len(after)}")
