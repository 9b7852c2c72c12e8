"""Time and peak memory of the CLI on 200 MB hostile inputs, against the 30 s / 2 GB target.

Each input is made once in a scratch folder (about 1.2 GB of disk in all), then
each command runs as its own process, measured by wait4's peak resident size.
This is a limits check, not a speed comparison, so there is no floor to divide
by: each row prints its seconds and megabytes beside the target they are held to.

    python bench/hostile_limits.py [--size-mb 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_BYTES = 30.0, 2 << 30
CLAUSE = "重庆市推进西部金融中心建设，渝金盾风险大脑运行良好。"


def make_inputs(folder: Path, size: int) -> None:
    """Single 200 MB lines, a flood of '<', a big multi-line text, and a 1 MB query."""
    clause = CLAUSE.encode()
    line = clause * (size // len(clause))
    (folder / "one-line.txt").write_bytes(line)
    half = line[: len(line) // 2 - len(line) // 2 % len(clause)]
    (folder / "two-lines.txt").write_bytes(half + b"\n" + half)
    (folder / "english.txt").write_bytes(b"a" * (size // 2) + b"\n" + b"b" * (size // 2))
    (folder / "lt.html").write_bytes(b"<" * size)
    (folder / "lt-60mb.html").write_bytes(b"<p>" + b"<" * (60 << 20))
    (folder / "many-lines.txt").write_bytes((clause + b"\n") * (size // (len(clause) + 1)))
    (folder / "query.txt").write_bytes("渝".encode() * ((1 << 20) // 3))
    (folder / "dense-8mb.txt").write_bytes((clause + b"\n") * ((8 << 20) // (len(clause) + 1)))
    # The worst the limits let through: a 4 MB document dense with glossary terms, and an
    # HTML page of '<' in lines just under the line limit, just under the HTML limit.
    (folder / "dense-4mb.txt").write_bytes((clause + b"\n") * ((4 << 20) // (len(clause) + 1)))
    (folder / "lt-lines.html").write_bytes((b"<p>" + b"<" * (9 << 20) + b"\n") * 6)
    (folder / "deep.json").write_bytes(b"[" * (size // 2) + b"]" * (size // 2))
    os.symlink("/dev/zero", folder / "zero.txt")


RUNS = [
    ("annotate 200 MB line", ["annotate", "one-line.txt"], None),
    ("check two 100 MB lines", ["check", "two-lines.txt", "english.txt"], None),
    ("mine 200 MB line", ["mine", "one-line.txt", "-q", "--dry-run"], None),
    ("mine 200 MB of '<' (.html)", ["mine", "lt.html", "-q", "--dry-run"], None),
    ("mine 60 MB of '<' (.html)", ["mine", "lt-60mb.html", "-q", "--dry-run"], None),
    ("mine 200 MB nested JSON", ["mine", "deep.json", "-q", "--dry-run"], None),
    ("mine /dev/zero", ["mine", "zero.txt", "-q", "--dry-run"], None),
    ("annotate /dev/zero", ["annotate", "zero.txt"], None),
    ("annotate 200 MB of lines", ["annotate", "--format", "tsv", "many-lines.txt"], None),
    ("annotate 8 MB, a term in 13 chars", ["annotate", "--format", "json", "dense-8mb.txt"],
     None),
    ("check 8 MB, a term in 13 chars", ["check", "dense-8mb.txt", "dense-8mb.txt"], None),
    ("annotate --json 4 MB, dense", ["annotate", "--format", "json", "dense-4mb.txt"], None),
    ("check 4 MB, dense", ["check", "dense-4mb.txt", "dense-4mb.txt"], None),
    ("mine 54 MB of '<' in 9 MB lines", ["mine", "lt-lines.html", "-q", "--dry-run"], None),
    ("lookup 1 MB query on stdin", ["lookup", "-"], "query.txt"),
    ("lookup --json 1 MB query", ["lookup", "--json", "-"], "query.txt"),
    ("annotate 200 MB line on stdin", ["annotate", "-"], "one-line.txt"),
]


def run(folder: Path, argv: list[str], stdin: str | None) -> tuple[int, float, int, str]:
    env = {**os.environ, "CQFIN_GLOSSARY_CACHE": str(folder / "cache")}
    start = time.monotonic()
    with open(folder / stdin if stdin else os.devnull, "rb") as source, \
            open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "cqfin_glossary", "--glossary",
                                 str(folder / "glossary"), *argv], cwd=folder, env=env,
                                stdin=source, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    message = (folder / "err").read_bytes().decode("utf-8", "replace").strip().splitlines()
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss * 1024, (
        message[-1][:90] if message else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--keep", metavar="DIR", help="make the inputs here and keep them")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="cqfin-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not (folder / "one-line.txt").exists():
            shutil.copytree(ROOT / "glossary", folder / "glossary", dirs_exist_ok=True)
            # In a child: Linux reports a command's peak memory as at least its parent's size
            # at the fork, so this process must never hold the 200 MB inputs itself.
            subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                            f"from bench.hostile_limits import make_inputs; from pathlib import "
                            f"Path; make_inputs(Path({str(folder)!r}), {args.size_mb << 20})"],
                           check=True)
        print(f"{'run':32} {'exit':>4} {'seconds':>8} {'peak MB':>8}  stderr (last line)")
        worst_s = worst_b = 0.0
        for label, argv, stdin in RUNS:
            code, seconds, peak, message = run(folder, argv, stdin)
            worst_s, worst_b = max(worst_s, seconds), max(worst_b, peak)
            print(f"{label:32} {code:>4} {seconds:8.1f} {peak / 2**20:8.0f}  {message}")
        print(f"slowest {worst_s:.1f} s (target under {TARGET_SECONDS:.0f} s); peak "
              f"{worst_b / 2**20:.0f} MB (target under {TARGET_BYTES / 2**30:.0f} GB)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
