"""Lookup speed: cold lookup process vs bare Python, re-index of one file vs full build, load time.

Run: python bench/lookup.py [--entries 100000] [--files 20] [--runs 15]
Every figure is printed next to a baseline measured in the same run, as a ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
import yaml

from cqfin_glossary import index, store


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cold_lookups(root: Path, queries: list[str], runs: int) -> None:
    script = (shutil.which("cqfin-glossary", path=str(Path(sys.executable).parent))
              or "cqfin-glossary")
    bare = [sys.executable, "-c", "import sqlite3"]
    print(f"cold lookup process vs `python -c 'import sqlite3'` (median of {runs}, interleaved):")
    for query in queries:
        ours, base = [], []
        cmd = [script, "--glossary", str(root), "lookup", query]
        for _ in range(runs):
            base.append(timed(lambda: subprocess.run(bare, check=True)))
            ours.append(timed(lambda cmd=cmd: subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                                             stderr=subprocess.DEVNULL)))
        m_ours, m_base = statistics.median(ours), statistics.median(base)
        print(f"  {query!r:28} {m_ours * 1000:7.1f} ms vs {m_base * 1000:6.1f} ms  "
              f"ratio {m_ours / m_base:5.2f}x  (target <= 4x for a hit)")


def reindex(root: Path, cache: Path) -> None:
    full = timed(lambda: index.connect(str(root), str(cache)).close())
    target = sorted(root.glob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("A synthetic concept", "An edited concept", 1), encoding="utf-8")
    conn = sqlite3_connect(cache)
    one = timed(lambda: index.refresh(conn, str(root)))
    files = len(list(root.glob("*.yaml")))
    print(f"re-index after 1 of {files} files changed: {one:.2f} s vs full build {full:.2f} s  "
          f"ratio {one / full:.3f}x  (target <= 0.2x)")


def sqlite3_connect(path: Path):  # type: ignore[no-untyped-def]
    import sqlite3

    return sqlite3.connect(path)


def load_10k(workdir: Path) -> None:
    root = workdir / "g10k"
    synth.build(root, 10_000, 20)
    files = sorted(root.glob("*.yaml"))
    raw = min(timed(lambda: [yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
                             for f in files]) for _ in range(3))
    cache = Path(os.environ["CQFIN_GLOSSARY_CACHE"])
    cold = []
    for _ in range(3):
        for folder in cache.glob("parsed-*"):
            shutil.rmtree(folder)
        cold.append(timed(lambda: store.load(root)))
    warm = min(timed(lambda: store.load(root)) for _ in range(3))
    print(f"load and validate 10,000 entries: {min(cold):.2f} s parsing (target <= 1.5 s), "
          f"{warm:.2f} s from the parse cache; bare yaml.load(CSafeLoader) of the same files "
          f"{raw:.2f} s, ratios {min(cold) / raw:.2f}x and {warm / raw:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cqfin-bench-"))
    os.environ["CQFIN_GLOSSARY_CACHE"] = str(workdir / "cache")
    try:
        root = workdir / "glossary"
        built = timed(lambda: synth.build(root, args.entries, args.files))
        print(f"synthetic glossary: {args.entries:,} entries in {args.files} files "
              f"(written in {built:.1f} s)")
        reindex(root, Path(index.cache_path(str(root))))
        first = store.load(root).get("synthetic-12345") or next(iter(store.load(root)))
        cold_lookups(root, [first.headword, first.english or "", "credit", "no such term xyz"],
                     args.runs)
        load_10k(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
