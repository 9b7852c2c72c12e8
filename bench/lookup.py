"""Lookup speed as the user waits for it: cold look-ups, the first look-up after an edit, load.

Run: python bench/lookup.py [--entries 100000] [--files 1] [--runs 5]

Each figure is a ratio to its floor, measured in the same run, interleaved
(bench/floor.py), in CPU seconds:
  cold look-up (a new process: hit, miss, English by stem)   vs  python -c "import sqlite3"
  first look-up after editing one entry of the glossary      vs  the same look-up, no edit
  load of the glossary, parse cache empty (cold) and full    vs  yaml.load(CSafeLoader), GC off
By default the glossary is one file of 100,000 entries, the case where an edit
used to re-index everything. The timed processes may cache our bytecode, as the
standard library's is cached for the floor (see with_bytecode).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from floor import compare, run_quiet, show, yaml_floor

from cqfin_glossary import index, store


def with_bytecode() -> dict[str, str]:
    """The environment for the timed processes, with Python's bytecode cache allowed.

    The floor's modules (the standard library) come compiled; an installed package
    does too (pip compiles it), and an editable one is compiled on first import. A
    PYTHONDONTWRITEBYTECODE set in the bench's own environment would make every one
    of our runs compile the package from source while the floor never does: with it
    unset, the untimed warm-up round of each comparison writes the cache.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cold_lookups(root: Path, queries: list[str], runs: int) -> None:
    script = (shutil.which("cqfin-glossary", path=str(Path(sys.executable).parent))
              or "cqfin-glossary")
    bare = [sys.executable, "-c", "import sqlite3"]
    env = with_bytecode()
    for query in queries:
        cmd = [script, "--glossary", str(root), "lookup", query]
        got = compare(lambda cmd=cmd: run_quiet(cmd, env), lambda: run_quiet(bare, env), runs)
        show(f"cold look-up {query!r} (exit {run_quiet(cmd)})", got,
             "python -c 'import sqlite3'", 3.0, unit="ms")


def after_edit(root: Path, query: str, runs: int) -> None:
    """Edit one entry (untimed), then time the look-up that has to bring the index up to date."""
    script = (shutil.which("cqfin-glossary", path=str(Path(sys.executable).parent))
              or "cqfin-glossary")
    cmd = [script, "--glossary", str(root), "lookup", query]
    target = sorted(root.glob("*.yaml"))[0]
    count = [0]

    def edit() -> None:
        count[0] += 1
        text = target.read_text(encoding="utf-8")
        n = count[0] * 7919 % 100_000
        target.write_text(text.replace(f"concept number {n} ", f"concept number {n}  (edited) ",
                                       1), encoding="utf-8")
        # Saved three seconds before the look-up, as a person would: past the two seconds
        # in which the index re-checks the content of a just-written file (indexrows._mtime).
        now = time.time()
        os.utime(target, (now - 3, now - 3))

    env = with_bytecode()
    run_quiet(cmd, env)
    got = compare(lambda: run_quiet(cmd, env), lambda: run_quiet(cmd, env), runs,
                  before_ours=edit)
    show(f"first look-up after editing one entry of {target.name} "
         f"({target.stat().st_size / 1e6:.0f} MB)", got, "the same look-up, no edit", 10.0,
         limit=0.5, unit="ms")


def loads(root: Path, runs: int) -> None:
    files = sorted(root.glob("*.yaml"))
    cache = Path(os.environ["CQFIN_GLOSSARY_CACHE"])

    def forget() -> None:
        gc.unfreeze()  # what an earlier load froze is garbage now; neither side inherits it
        for folder in cache.glob("parsed-*"):
            shutil.rmtree(folder)

    n = sum(1 for _ in store.load(root))
    got = compare(lambda: store.load(root), lambda: yaml_floor(files), runs, before=forget)
    show(f"cold load and validate of {n:,} entries (no parse cache)", got,
         "yaml.load(CSafeLoader), GC off", 1.5)
    store.load(root)
    got = compare(lambda: store.load(root), lambda: yaml_floor(files), runs, before=gc.unfreeze)
    show(f"warm load of {n:,} entries (parse cache)", got, "yaml.load(CSafeLoader), GC off", 0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs (at least 5)")
    parser.add_argument("--skip-load", action="store_true", help="leave out the load figures")
    parser.add_argument("--only-load", action="store_true", help="only the load figures")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cqfin-bench-"))
    os.environ["CQFIN_GLOSSARY_CACHE"] = str(workdir / "cache")
    try:
        root = workdir / "glossary"
        synth.build(root, args.entries, args.files)
        print(f"synthetic glossary: {args.entries:,} entries in {args.files} file(s)")
        if not args.only_load:
            index.connect(str(root)).close()
            glossary = store.load(root)
            first = glossary.get("synthetic-12345") or next(iter(glossary))
            del glossary
            cold_lookups(root, [first.headword, first.english or "", "inclusive finance",
                                "no such term xyz"], args.runs)
            after_edit(root, first.headword, args.runs)
        if not args.skip_load:
            loads(root, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
