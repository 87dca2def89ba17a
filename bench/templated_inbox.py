#!/usr/bin/env python3
"""Writes a templated feed: N short wire items from four templates, each with its own figures.

Usage: templated_inbox.py N DIR [HOURS]

Every item is a different story (another company, port, city or hour), but most of each item's
words are the template's, so their shingles fill the same LSH buckets: the case where the time
per decision must not grow with the dedup window. One item in 50 is an earlier item re-sent
word for word. Deterministic (seeded); files are flat in DIR, written in order. With HOURS, the
files' modification times (a plain-text item's time) are spread evenly over the HOURS before
now, oldest first: past the 36-hour dedup window, old versions are evicted as new ones arrive.
"""
import os
import random
import sys
import time

TEMPLATES = [
    ("Grain shipments report {n}",
     "Shipments report {n}: {a} tonnes of grain were shipped from port {p} to the northern terminals "
     "in the week to Friday, against {b} tonnes a week earlier, the port authority said in its weekly statement."),
    ("Company {n} sets quarterly dividend",
     "Company {n} Inc said its board declared a quarterly dividend of {c} cts per share, payable "
     "{month} {d} to holders of record {month} {e}. The company paid {f} cts in the previous quarter."),
    ("Station {n} weather",
     "The temperature at weather station {n} at {h}:00 local time was {t} degrees Celsius, with "
     "humidity of {u} pct and winds of {w} km per hour, the national weather service said."),
    ("Fund {n} net asset value",
     "Fund {n} said its net asset value per share was {a}.{d} dlrs at the close of business on "
     "Friday, against {b}.{e} dlrs a week earlier. Total net assets were {c} mln dlrs."),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: templated_inbox.py N DIR [HOURS]")
    count, folder = int(sys.argv[1]), sys.argv[2]
    hours = float(sys.argv[3]) if len(sys.argv) == 4 else None
    start = time.time() - (hours or 0) * 3600
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(20261127)
    written = []
    for i in range(count):
        if i >= 50 and i % 50 == 0:
            text = written[rng.randrange(len(written))]
        else:
            headline, body = TEMPLATES[i % len(TEMPLATES)]
            values = dict(n=i, a=rng.randrange(100, 99999), b=rng.randrange(100, 99999), p=rng.randrange(1, 40),
                          c=rng.randrange(1, 999), d=rng.randrange(1, 28), e=rng.randrange(1, 28),
                          f=rng.randrange(1, 999), h=rng.randrange(0, 24), t=rng.randrange(-20, 40),
                          u=rng.randrange(10, 100), w=rng.randrange(0, 90), month=rng.choice(MONTHS))
            text = headline.format(**values) + "\n\n" + body.format(**values) + "\n"
            written.append(text)
        path = os.path.join(folder, f"item-{i:06d}.txt")
        with open(path, "w") as out:
            out.write(text)
        if hours is not None:
            at = start + i * hours * 3600 / count
            os.utime(path, (at, at))


if __name__ == "__main__":
    main()
