"""Hundreds of hostile inputs, each answered by one line naming the file, in bounded time, memory.

Every case runs the real command line in a forked child of a server that has
imported the tool once (tests/hostile_forkserver.py), so that 400 runs take
seconds; the child has an alarm and an address-space limit, and the server
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
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hostile_cases import Case, all_cases, as_request

ROOT = Path(__file__).resolve().parent.parent
CASES = all_cases()
MEMORY_CEILING = 2 << 30


class Server:
    def __init__(self, cache: Path):
        env = {**os.environ, "CQFIN_GLOSSARY_CACHE": str(cache), "PYTHONPATH": str(ROOT / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "hostile_forkserver.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def run(self, request: str) -> dict[str, float]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(request + "\n")
        self.proc.stdin.flush()
        answer: dict[str, float] = json.loads(self.proc.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # The caches fsync what they write, which on a busy disk costs more than the runs
    # themselves: a memory file system keeps 400 runs to seconds.
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm) as cache:
            running = Server(Path(cache))
            yield running
            running.close()
        return
    running = Server(tmp_path_factory.mktemp("hostile-cache"))
    yield running
    running.close()


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


def run_case(server: Server, case: Case, base: Path) -> tuple[dict[str, float], str, str]:
    cwd = base / "case"
    shutil.copytree(ROOT / "glossary", cwd / "glossary")
    case.setup(cwd)
    before = snapshot(cwd / "glossary")
    result = server.run(as_request(case, cwd, base / "out", base / "err"))
    out = (base / "out").read_bytes().decode("utf-8", "backslashreplace")
    err = (base / "err").read_bytes().decode("utf-8", "backslashreplace")
    if not case.writes:
        assert snapshot(cwd / "glossary") == before, "the glossary files changed"
    return result, out, err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_one_clean_line(server: Server, case: Case, tmp_path: Path) -> None:
    result, out, err = run_case(server, case, tmp_path)
    assert result["code"] >= 0, f"killed by signal {-result['code']} (alarm: ran over 30 s)"
    assert "Traceback" not in err, err
    assert result["code"] in case.codes, f"exit {result['code']}\n{err}"
    assert result["maxrss"] < MEMORY_CEILING
    assert case.guard or "please report" not in err, err
    assert "\x1b" not in out + err
    if case.name.startswith("glossary-validate/"):
        assert case.names in out and not err, out + err  # validate lists problems on stdout
    if result["code"] != 2:
        return  # a clean run: its report lines are not errors
    lines = err.splitlines()
    assert len(lines) <= case.lines, err
    assert all(line.startswith("cqfin-glossary: ") for line in lines), err
    assert case.names in err, err

