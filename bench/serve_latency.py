#!/usr/bin/env python3
"""Edit-to-served latency of `bulletin serve`.

Starts `bulletin serve` on a site (a generated corpus), then edits items one
at a time as a writer would: a sentence added to the text, or a changed
title. For each edit it measures the time from the moment the file is
written to the moment the server answers the item's page with the new text,
polling the page every 2 ms. It prints every edit and the median, and the
server's own "rebuilt in" figures.

    bench/serve_latency.py --root bench/work/corpus/ours-10000
    bench/serve_latency.py --root SITE --bin target/release/bulletin --edits 20

The site is copied to a temporary folder first, so the corpus stays as
generated. Exits non-zero when an edit is not served within --timeout.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--root", required=True, help="the site to serve (copied first)")
    p.add_argument("--bin", default="target/release/bulletin", help="the bulletin binary")
    p.add_argument("--edits", type=int, default=10, help="how many edits (default 10)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per edit")
    p.add_argument("--tsv", help="append one line of results to this file")
    return p.parse_args()


def items(content):
    """Item files (not _index.md), sorted, with their page's path."""
    found = []
    for folder, _, names in os.walk(content):
        for name in names:
            if not name.endswith(".md") or name == "_index.md":
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, content).replace(os.sep, "/")
            if name == "index.md":
                url = "/" + rel[: -len("index.md")]
            else:
                url = "/" + rel[: -len(".md")] + "/"
            # Only plain ASCII paths: their URL is their file path.
            if re.fullmatch(r"[A-Za-z0-9/_.-]+", url) and "/" in rel:
                found.append((path, url))
    found.sort()
    return found


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def main():
    args = parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        sys.exit(f"serve_latency: no binary at {binary} (cargo build --release)")
    work = tempfile.mkdtemp(prefix="bulletin-latency-")
    site = os.path.join(work, "site")
    shutil.copytree(args.root, site, ignore=shutil.ignore_patterns("public"))
    pages = items(os.path.join(site, "content"))
    if not pages:
        sys.exit("serve_latency: no items with ASCII paths in the site")

    server = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    ready = threading.Event()
    origin = []

    def read():
        for line in server.stderr:
            line = line.rstrip("\n")
            lines.append(line)
            m = re.match(r"serving (http://[^/\s]+)/", line)
            if m:
                origin.append(m.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    started = time.monotonic()
    if not ready.wait(600) or not origin:
        server.kill()
        sys.exit("serve_latency: serve did not start:\n" + "\n".join(lines[-20:]))
    first_build = time.monotonic() - started
    print(f"site: {args.root} ({len(pages)} items); first build and start: {first_build:.1f} s")

    latencies = []
    failed = False
    try:
        step = max(1, len(pages) // args.edits)
        for n in range(args.edits):
            path, url = pages[(n * step + step // 2) % len(pages)]
            with open(path, encoding="utf-8") as f:
                text = f.read()
            marker = f"基准测试标记{n}号"
            kind = "title" if n % 2 else "text"
            if kind == "title":
                new = re.sub(r"^title: *(.*)$", lambda m: f"title: {marker}{m.group(1)}",
                             text, count=1, flags=re.M)
            else:
                new = text.rstrip("\n") + f"\n\n{marker}。\n"
            seen_lines = len(lines)
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            saved = time.monotonic()
            while True:
                if marker in fetch(origin[0] + url):
                    ms = (time.monotonic() - saved) * 1000
                    break
                if time.monotonic() - saved > args.timeout:
                    ms = None
                    break
                time.sleep(0.002)
            # The server's own figure for this rebuild; its line comes once
            # the search index is made too, so the next edit starts on an
            # idle server.
            rebuilt = ""
            for _ in range(3000):
                said = [l for l in lines[seen_lines:] if l.startswith("rebuilt in ")]
                if said:
                    rebuilt = said[-1].split(":")[0]
                    break
                time.sleep(0.01)
            if ms is None:
                print(f"edit {n + 1:2} ({kind:5}) {url}: NOT SERVED within {args.timeout} s")
                failed = True
            else:
                latencies.append(ms)
                print(f"edit {n + 1:2} ({kind:5}) {url}: served after {ms:6.0f} ms  [{rebuilt}]")
            time.sleep(0.3)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)

    if latencies:
        med = statistics.median(latencies)
        print(f"edit-to-served: median {med:.0f} ms, max {max(latencies):.0f} ms "
              f"over {len(latencies)} edits")
        if args.tsv:
            with open(args.tsv, "a", encoding="utf-8") as f:
                f.write(f"{len(pages)}\t{med:.0f}\t{max(latencies):.0f}\t{len(latencies)}\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
