"""Run many CLI invocations fast and isolated: import the tool once, fork one child per run.

Started as a subprocess by the hostile-input tests, which send every request
(one JSON line each) and then read the answers. A request names the arguments,
working folder, standard input file, output files and limits; the child runs
``cli.main`` exactly as the console script does, under an alarm and an
address-space limit, and the server answers with the exit status, the child's
peak memory and its wall time; a few children run at once (HOSTILE_JOBS,
default the number of CPUs up to 4). A child killed by its alarm or by a
signal answers with a negative status.
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from typing import Any


def _stream(fd: int, mode: str, errors: str, line_buffering: bool = False) -> io.TextIOWrapper:
    raw = io.FileIO(fd, mode, closefd=False)
    buffered: Any = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors=errors,
                            line_buffering=line_buffering)


def _redirect(request: dict[str, Any]) -> None:
    """The child's fds 0-2 and sys streams, set up as Python sets them at start-up."""
    stdin = os.open(request.get("stdin") or os.devnull, os.O_RDONLY)
    stdout = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    stderr = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = _stream(0, "r", "strict")
    sys.stdout = _stream(1, "w", "strict")
    sys.stderr = _stream(2, "w", "backslashreplace", line_buffering=True)


def _child(request: dict[str, Any]) -> None:
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.update(request.get("env", {}))
        _redirect(request)
        for target, value in request.get("patch", {}).items():
            module, attr = target.rsplit(".", 1)
            setattr(importlib.import_module(module), attr, value)
        limit = int(request.get("memory", 4 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.alarm(int(request.get("timeout", 30)))
        from cqfin_glossary.cli import main

        code = main(request["argv"])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()  # what the interpreter would print: the tests look for it
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            traceback.print_exc(file=sys.__stderr__)
    os._exit(code)


def _warm() -> None:
    """Load what every child would otherwise load again: commands, segmenter, OpenCC."""
    from cqfin_glossary import cli

    for name, _ in cli.COMMANDS:
        cli.build_parser(only=name)
    from cqfin_glossary.textnorm import to_simplified

    to_simplified("銀行")
    import tempfile
    from pathlib import Path

    from hostile_cases import GLOSSARY_FILE

    from cqfin_glossary import index, match, store
    from cqfin_glossary.mining import mine_corpus

    top = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        glossary = Path(folder) / "glossary"
        glossary.mkdir()
        shutil.copy(top / "glossary" / GLOSSARY_FILE, glossary)
        # Loads pinyin, OpenCC and the indexer; then a small mine with the cases' glossary
        # words: the segmenter, dictionaries and word frequencies each child would load.
        index.connect(str(glossary), str(Path(folder) / "warm.sqlite")).close()
        match.load_matcher(glossary, use_cache=False)
        mine_corpus(sorted((top / "seeds").glob("*.txt"))[:1], store.load(glossary), limit=5)


def serve() -> None:
    """Read every request (to end of input), run them ``jobs`` at a time, answer each by id."""
    _warm()
    # Children would otherwise have the collector walk (and so copy) every warmed object.
    gc.freeze()
    print("ready", flush=True)
    pending = [json.loads(line) for line in sys.stdin]
    jobs = max(1, int(os.environ.get("HOSTILE_JOBS") or min(4, os.cpu_count() or 1)))
    running: dict[int, tuple[int, float]] = {}
    number = 0
    while number < len(pending) or running:
        while number < len(pending) and len(running) < jobs:
            pid = os.fork()
            if pid == 0:
                _child(pending[number])
            running[pid] = (number, time.monotonic())
            number += 1
        pid, status, usage = os.wait4(-1, 0)
        done, start = running.pop(pid)
        print(json.dumps({"id": done, "code": os.waitstatus_to_exitcode(status),
                          "seconds": time.monotonic() - start,
                          "maxrss": usage.ru_maxrss * 1024}), flush=True)


if __name__ == "__main__":
    serve()
