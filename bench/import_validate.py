"""Import and validate at scale: 7,000 rows into 25,000 entries, and 10,000 one-entry files.

Run: python bench/import_validate.py [--runs 5] [--entries 25000] [--rows 7000] [--files 10000]

Both against their floor in the same run, interleaved (bench/floor.py), CPU seconds:
  import   ``cqfin-glossary import rows.tsv`` in-process (half the rows name a term
           the glossary has, with a new rendering; half are new terms), the glossary
           restored before each run (untimed)
           vs loading the glossary (parse cache warm, as for ours), reading the TSV
           with the format's own reader and rewriting every glossary file's bytes,
           which any import must do, with no merging or dumping at all
  validate ``cqfin-glossary validate`` of a folder of one-entry files, parse cache empty
           vs reading the same files and yaml.load(CSafeLoader) with the GC off
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from floor import compare, show, yaml_floor

from cqfin_glossary import store, yamlio
from cqfin_glossary.cli import main as cli
from cqfin_glossary.formats import parse_file
from cqfin_glossary.fsutil import atomic_write_bytes


def quiet(args: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli(args)


def import_rows(glossary: store.Glossary, rows: int, path: Path) -> None:
    rng = random.Random(11)
    known = [e.headword for e in glossary]
    taken = set(known)
    lines = []
    for n in range(rows):
        if n % 2:
            lines.append(f"{rng.choice(known)}\timported rendering {n}\n")
        else:
            lines.append(f"{synth.entry(rng, 900_000 + n, taken).headword}\tnew term {n}\n")
    path.write_text("".join(lines), encoding="utf-8")


def bare_import(root: Path, rows: Path) -> None:
    """Load, read the rows, rewrite every file: the work no import can skip.

    The rows touch every file, so each is written whole; its bytes are written as
    they are, not dumped again, because a save that keeps the chunks of unchanged
    entries need not dump them either (a floor that dumped all 25,000 entries made
    such an import look twice as fast as its floor).
    """
    glossary = store.load(root)
    parse_file(rows, "tsv")
    for file in glossary.files():
        atomic_write_bytes(root / file, (root / file).read_bytes())


def bench_import(workdir: Path, entries: int, rows: int, runs: int) -> None:
    root, pristine = workdir / "import", workdir / "pristine"
    glossary = synth.build(pristine, entries, 5)
    tsv = workdir / "rows.tsv"
    import_rows(glossary, rows, tsv)

    def restore() -> None:
        gc.unfreeze()
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(pristine, root)

    restore()
    store.load(root)  # the parse cache holds the pristine files, as after any earlier command
    got = compare(lambda: quiet(["--glossary", str(root), "import", str(tsv)]),
                  lambda: bare_import(root, tsv), runs, before=restore)
    show(f"import of {rows:,} rows into {entries:,} entries", got,
         "load + read rows + rewrite all files", 2.0, limit=10.0)


def bench_validate(workdir: Path, count: int, runs: int) -> None:
    root = workdir / "many"
    root.mkdir()
    rng = random.Random(5)
    taken: set[str] = set()
    for n in range(count):
        text = yamlio.dump([synth.entry(rng, n, taken).to_dict()])
        (root / f"entry-{n:05d}.yaml").write_text(text, encoding="utf-8")
    files = sorted(root.glob("*.yaml"))
    cache = Path(os.environ["CQFIN_GLOSSARY_CACHE"])

    def forget() -> None:
        gc.unfreeze()
        for folder in cache.glob("parsed-*"):
            shutil.rmtree(folder)

    got = compare(lambda: quiet(["--glossary", str(root), "validate"]),
                  lambda: yaml_floor(files), runs, before=forget)
    show(f"validate of {count:,} one-entry files, parse cache empty", got,
         "read + yaml.load(CSafeLoader), GC off", 3.0, limit=20.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs (at least 5)")
    parser.add_argument("--entries", type=int, default=25_000)
    parser.add_argument("--rows", type=int, default=7_000)
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cqfin-bench-"))
    os.environ["CQFIN_GLOSSARY_CACHE"] = str(workdir / "cache")
    try:
        bench_import(workdir, args.entries, args.rows, args.runs)
        bench_validate(workdir, args.files, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
