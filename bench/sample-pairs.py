#!/usr/bin/env python3
"""Sample unlabelled Reuters-21578 item pairs for a blind dedup audit (second audit set).

Usage: bench/sample-pairs.py [CORPUS_DIR] [OUT_TSV]
  (defaults: ../../shared/corpora/reuters21578 and /tmp/audit2/unlabelled.tsv)
Samples, with seed 30, 12 pairs in each word-3-shingle Jaccard band 0.2-0.3, ..., 0.9-1.0
(lowercased words, punctuation stripped, over title+body; the last band includes 1.0) plus 24
pairs sharing a non-null slug with Jaccard below 0.2. Both items of a pair lie within 7 days of
each other by `date` (parsed leniently); no pair has identical normalized texts; no pair (either
order) from dev-pairs.tsv or bench/audit-pairs.tsv; no item is in more than two sampled pairs.
Candidates with Jaccard >= 0.2 come from an exact prefix-filter join (rarest shingles first), so
the search is complete without comparing all pairs. Writes pair, a, b, jaccard, date_a, date_b,
slug_a, slug_b, band (a is the earlier item). Standard library only; runs in well under a minute.
"""
import gzip, json, os, random, re, sys
from collections import defaultdict
from datetime import datetime, timedelta
from math import ceil

SEED, PER_BAND, SLUG_PAIRS, WINDOW = 30, 12, 24, timedelta(days=7)
here = os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../shared/corpora/reuters21578")
out_path = sys.argv[2] if len(sys.argv) > 2 else "/tmp/audit2/unlabelled.tsv"
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def parse_date(s):
    """Lenient: day-month-year must parse; a malformed time falls back to what can be read."""
    m = re.match(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s*(\d+)?:?(\d+)?:?(\d+)?", s or "")
    if not m:
        return None
    day, mon, year = int(m.group(1)), MONTHS.get(m.group(2).upper()), int(m.group(3))
    if mon is None:
        return None
    base = datetime(year, mon, day)
    hh, mm, ss = (int(g) if g else 0 for g in m.group(4, 5, 6))
    if hh > 23:  # e.g. `605` for 06:05 -- keep the leading digit(s) that make a valid hour
        hh = int(str(hh)[:2]) if int(str(hh)[:2]) <= 23 else int(str(hh)[0])
    return base + timedelta(hours=hh, minutes=min(mm, 59), seconds=min(ss, 59))


def words(text):
    return re.sub(r"[^\w\s]", "", text.lower()).split()


items, shingle_ids = {}, {}
with gzip.open(os.path.join(corpus, "reuters21578.jsonl.gz"), "rt") as f:
    for line in f:
        it = json.loads(line)
        w = words((it.get("title") or "") + "\n" + (it.get("body") or ""))
        sh = {shingle_ids.setdefault(" ".join(w[i:i + 3]), len(shingle_ids)) for i in range(len(w) - 2)}
        items[it["newid"]] = dict(date=parse_date(it.get("date")), raw_date=it.get("date"), slug=it.get("slug"),
                                  norm=" ".join(w), sh=sh)

excluded = set()
for path in (os.path.join(corpus, "dev-pairs.tsv"), os.path.join(here, "audit-pairs.tsv")):
    with open(path) as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            excluded.add(frozenset((int(cols[1]), int(cols[2]))))


def jaccard(a, b):
    sa, sb = items[a]["sh"], items[b]["sh"]
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def eligible(a, b):
    da, db = items[a]["date"], items[b]["date"]
    return (a != b and da is not None and db is not None and abs(da - db) <= WINDOW
            and items[a]["norm"] != items[b]["norm"] and frozenset((a, b)) not in excluded)


# Exact similarity join for Jaccard >= 0.2: sort each set by global shingle frequency (rarest
# first); two sets with J >= t must share a shingle within each one's first |x| - ceil(t|x|) + 1.
T = 0.2
df = defaultdict(int)
for it in items.values():
    for s in it["sh"]:
        df[s] += 1
index, candidates = defaultdict(list), set()
for nid in sorted(items):
    sh = sorted(items[nid]["sh"], key=lambda s: (df[s], s))
    for s in sh[:len(sh) - ceil(T * len(sh)) + 1] if sh else []:
        for other in index[s]:
            candidates.add((other, nid))
        index[s].append(nid)

bands = defaultdict(list)  # band index 0..7 for [0.2,0.3) ... [0.9,1.0]
for a, b in candidates:
    if eligible(a, b):
        j = jaccard(a, b)
        if j >= T:
            bands[min(int(round(j * 10, 9)) - 2, 7)].append((a, b, j))

by_slug = defaultdict(list)
for nid, it in items.items():
    if it["slug"]:
        by_slug[it["slug"]].append(nid)
low_slug = []
for slug, members in by_slug.items():
    members.sort()
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if eligible(a, b):
                j = jaccard(a, b)
                if j < T:
                    low_slug.append((a, b, j))

rng = random.Random(SEED)
uses = defaultdict(int)
chosen = []


def pick(pool, n, label):
    pool = sorted(pool)
    rng.shuffle(pool)
    got = 0
    for a, b, j in pool:
        if got == n:
            break
        if uses[a] < 2 and uses[b] < 2:
            uses[a] += 1
            uses[b] += 1
            chosen.append((a, b, j, label))
            got += 1
    print(f"{label}: {len(pool)} candidates, {got} sampled", file=sys.stderr)


for k in range(8):
    pick(bands[k], PER_BAND, f"{(k + 2) / 10:.1f}-{(k + 3) / 10:.1f}")
pick(low_slug, SLUG_PAIRS, "slug<0.2")

rng.shuffle(chosen)  # label order independent of band
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    f.write("pair\ta\tb\tjaccard\tdate_a\tdate_b\tslug_a\tslug_b\tband\n")
    for i, (a, b, j, label) in enumerate(chosen):
        if (items[b]["date"], b) < (items[a]["date"], a):
            a, b = b, a
        ia, ib = items[a], items[b]
        f.write(f"{i}\t{a}\t{b}\t{j:.3f}\t{ia['raw_date']}\t{ib['raw_date']}\t{ia['slug']}\t{ib['slug']}\t{label}\n")
print(f"wrote {len(chosen)} pairs to {out_path}", file=sys.stderr)
