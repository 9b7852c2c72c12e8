"""Hundreds of hostile inputs, each answered by one line naming the file, in bounded time, memory.

Every case runs the real command line in a forked child of a server that has
imported the tool once (tests/hostile_forkserver.py), a few at a time, so that
400 runs take seconds; the child has an alarm and an address-space limit, and the server
reports its exit status and peak memory. For each case: the expected exit
status, no traceback, at most the allowed stderr lines, each a
``cqfin-glossary:`` line, the file named, no bug-report hint (the top-level
guard's sign of an unexpected exception), and the glossary files unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hostile_cases import GLOSSARY_FILE, Case, all_cases, as_request

ROOT = Path(__file__).resolve().parent.parent
CASES = all_cases()
MEMORY_CEILING = 2 << 30


@dataclass
class Outcome:
    result: dict[str, float]
    out: str
    err: str
    before: dict[str, object]
    after: dict[str, object]


def run_all(cases: list[Case], base: Path, cache: Path) -> dict[str, Outcome]:
    """Every case in its own folder, run by one fork server a few at a time."""
    folders, requests, before = [], [], []
    for number, case in enumerate(cases):
        folder = base / f"c{number}"
        cwd = folder / "case"
        (cwd / "glossary").mkdir(parents=True)
        shutil.copy(ROOT / "glossary" / GLOSSARY_FILE, cwd / "glossary")
        case.setup(cwd)
        before.append(snapshot(cwd / "glossary"))
        folders.append(folder)
        requests.append(as_request(case, cwd, folder / "out", folder / "err"))
    env = {**os.environ, "CQFIN_GLOSSARY_CACHE": str(cache), "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "hostile_forkserver.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    answers, _ = server.communicate("".join(r + "\n" for r in requests), timeout=900)
    lines = answers.splitlines()
    assert lines and lines[0] == "ready", answers
    outcomes = {}
    for line in lines[1:]:
        result = json.loads(line)
        number = result["id"]
        folder = folders[number]
        outcomes[cases[number].name] = Outcome(
            result, _text(folder / "out"), _text(folder / "err"), before[number],
            snapshot(folder / "case" / "glossary"))
    return outcomes


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "backslashreplace")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    base = tmp_path_factory.mktemp("hostile")
    # The caches fsync what they write, which on a busy disk costs more than the runs
    # themselves: a memory file system keeps 400 runs to seconds.
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm) as cache:
            yield run_all(CASES, base, Path(cache))
    else:
        yield run_all(CASES, base, base / "cache")


def snapshot(folder: Path) -> dict[str, object]:
    """What each visible file of the glossary is: its bytes, or what kind of special file."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[rel] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            found[rel] = path.read_bytes()
        else:
            found[rel] = ("special", stat.S_IFMT(mode))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_one_clean_line(outcomes: dict[str, Outcome], case: Case) -> None:
    outcome = outcomes[case.name]
    result, out, err = outcome.result, outcome.out, outcome.err
    if not case.writes:
        assert outcome.after == outcome.before, "the glossary files changed"
    assert result["code"] >= 0, f"killed by signal {-result['code']} (alarm: ran over 30 s)"
    assert "Traceback" not in err, err
    assert result["code"] in case.codes, f"exit {result['code']}\n{err}"
    assert result["maxrss"] < MEMORY_CEILING
    assert case.guard or "please report" not in err, err
    assert "\x1b" not in out + err
    if case.name.startswith("glossary-validate/"):
        assert case.names in out and not err, out + err  # validate lists problems on stdout
        return  # ... with exit 1 for problems in entries, 2 for a file that is no glossary
    if result["code"] != 2:
        return  # a clean run: its report lines are not errors
    lines = err.splitlines()
    if case.name.startswith("mine-folder/"):
        # the rest was mined: its summary stands between the skipped file and the closing error
        lines = [line for line in lines if line and " candidate(s) from " not in line]
    assert len(lines) <= case.lines, err
    assert all(line.startswith("cqfin-glossary: ") for line in lines), err
    assert case.names in err, err

