#!/usr/bin/env python3
"""Peak memory of `syncd --once` on hostile input, beside the same count of ordinary stories.

Usage: bench/hostile.py SYNCD_BINARY [COUNT]
Writes COUNT hostile files (entity bombs, XXE, 100,000-deep JSON and XML, truncated XML and
JSON, binary, NUL-laden and invalid UTF-16 text, five files over the 16 MiB limit) and COUNT
ordinary stories into two fresh homes, runs `syncd --once` on each under /usr/bin/time, and
prints the outcome counts and peak RSS of both. Standard library only.
"""
import os, random, shutil, subprocess, sys, tempfile

binary = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' +
        "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) +
        ']>\n<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>\n')
xxe = '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<nitf><body><p>&x;</p></body></nitf>\n'
kinds = [
    ("bomb.xml", bomb.encode()), ("xxe.xml", xxe.encode()),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000), ("deep.xml", b"<a>" * 100_000 + b"</a>" * 100_000),
    ("cut.xml", b'<?xml version="1.0"?>\n<nitf><body><body.content><p>Cut off in the mid'),
    ("cut.json", b'{"uri": "urn:x", "headline": "Cut", "body_text": "in the mi'),
    ("types.json", b'{"uri": 42, "headline": ["x"], "body_text": {"a": 1}}'),
    ("binary.bin", random.Random(1).randbytes(4096)),
    ("nul.txt", b"Headline\n\nbody\x00with NUL"), ("utf16.txt", b"\xff\xfeH\x00i\x00\x00\xd8"),
]

def run(home):
    out = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "--home", home, "--once", "--log-level", "error"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    summary = [l for l in out.stdout.splitlines() if l.startswith("decided")]
    return (summary[-1] if summary else out.stdout.strip()), int(out.stderr.strip().splitlines()[-1]) // 1024

homes = []
try:
    hostile, plain = tempfile.mkdtemp(prefix="hostile."), tempfile.mkdtemp(prefix="plain.")
    homes = [hostile, plain]
    for home in homes:
        os.makedirs(os.path.join(home, "inbox"))
    for i in range(count):
        name, data = kinds[i % len(kinds)]
        with open(os.path.join(hostile, "inbox", f"{i:06d}-{name}"), "wb") as f:
            f.write(data)
        with open(os.path.join(plain, "inbox", f"{i:06d}.txt"), "w") as f:
            f.write(f"Story {i}\n\nCouncil {i} approved budget line {i * 7} for road {i % 97}. " * 3 + "\n")
    for i in range(5):
        with open(os.path.join(hostile, "inbox", f"huge-{i}.txt"), "wb") as f:
            f.truncate(17 * 1024 * 1024)
    for label, home in (("hostile", hostile), ("ordinary", plain)):
        summary, rss = run(home)
        print(f"{label:8} {summary}; peak RSS {rss} MB")
finally:
    for home in homes:
        shutil.rmtree(home, ignore_errors=True)
