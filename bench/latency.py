#!/usr/bin/env python3
"""Latency from a file's rename into the inbox to its event at a feed reader.

Usage: bench/latency.py SYNCD_BINARY RATE [COUNT] [--syncctl SYNCCTL_BINARY]
Starts syncd on a fresh home, follows the feed, writes COUNT small distinct stories as dot-files
and renames each into the inbox at RATE files/s, and prints p50, p99 and max of (event received
- rename) in milliseconds, timing starting once a first, untimed file's event has reached the
reader. The reader is `syncctl changes --follow --json` when --syncctl is
given (each event timed as its line arrives on syncctl's standard output), else a plain HTTP
client on /v1/changes/stream (Server-Sent Events). Standard library only.
"""
import http.client, json, os, shutil, socket, subprocess, sys, tempfile, threading, time

args = sys.argv[1:]
syncctl = None
if "--syncctl" in args:
    at = args.index("--syncctl")
    syncctl = args[at + 1]
    del args[at:at + 2]
binary, rate = args[0], float(args[1])
count = int(args[2]) if len(args) > 2 else int(rate * 10)
home = tempfile.mkdtemp(prefix="syncd-latency.")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
follower = None
daemon = subprocess.Popen([binary, "--home", home, "--listen", f"127.0.0.1:{port}", "--log-level", "error"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process):
    """Terminates `process`, killing it if it has not exited within 20 s."""
    if process is None:
        return
    try:
        process.terminate()
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


try:
    for _ in range(200):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            break
        except OSError:
            time.sleep(0.05)
    renamed, received = {}, {}
    done = threading.Event()
    # A first file, untimed, whose event says the reader is following (its connection made).
    warmup = "warmup.txt"

    def note(event):
        received.setdefault(event.get("file"), time.perf_counter())
        if len(received) >= count + 1:
            done.set()
            return True
        return False

    def follow():
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("GET", "/v1/changes/stream")
        response = connection.getresponse()
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: ") and note(json.loads(line[6:])):
                return

    def follow_syncctl():
        # syncctl writes each event's line straight to its standard output (no buffering).
        for raw in iter(follower.stdout.readline, b""):
            if raw.strip() and note(json.loads(raw)):
                return

    if syncctl:
        follower = subprocess.Popen([syncctl, "changes", "--follow", "--json", "--server", f"http://127.0.0.1:{port}"],
                                    stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    reader = threading.Thread(target=follow_syncctl if syncctl else follow, daemon=True)
    reader.start()
    inbox = os.path.join(home, "inbox")
    with open(os.path.join(inbox, "." + warmup), "w") as f:
        f.write("Warm-up story\n\nThe reader is following the feed.\n")
    os.rename(os.path.join(inbox, "." + warmup), os.path.join(inbox, warmup))
    deadline = time.perf_counter() + 30
    while warmup not in received and time.perf_counter() < deadline:
        time.sleep(0.01)
    if warmup not in received:
        sys.exit("the reader saw no event within 30 s of the first file")
    interval = 1.0 / rate
    start = time.perf_counter()
    for i in range(count):
        name = f"item-{i:06d}.txt"
        hidden = os.path.join(inbox, "." + name)
        with open(hidden, "w") as f:
            f.write(f"Story number {i}\n\nCity council {i} approved budget line {i * 7} for road {i % 97}.\n")
        due = start + i * interval
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        renamed[name] = time.perf_counter()
        os.rename(hidden, os.path.join(inbox, name))
    sent = time.perf_counter() - start
    done.wait(timeout=60)
    latencies = sorted((received[n] - renamed[n]) * 1000 for n in renamed if n in received)
    if len(latencies) < count:
        print(f"only {len(latencies)} of {count} events arrived", file=sys.stderr)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(f"latency at {rate:.0f} files/s{' (syncctl changes --follow)' if syncctl else ' (SSE reader)'} (achieved {count / sent:.0f}/s, {count} files): "
          f"p50 {pick(0.50):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
finally:
    stop(follower)
    stop(daemon)
    shutil.rmtree(home, ignore_errors=True)
