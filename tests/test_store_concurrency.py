"""Real processes: a writer killed mid-save, and two writers racing on the same glossary."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from cqfin_glossary import store
from cqfin_glossary.model import Entry, EntryStatus, Term

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cqfin_glossary import store
    root, rounds = Path(sys.argv[1]), int(sys.argv[2])
    glossary = store.load(root)
    for i in range(rounds):
        for entry in glossary:
            entry.note = f"round {i}"
        store.save(glossary)
""")

RACER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cqfin_glossary import store
    from cqfin_glossary.errors import ConflictError
    root, mark, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for i in range(rounds):
        while True:
            glossary = store.load(root)
            entry = glossary.get("shared")
            entry.note = f"{entry.note or ''} {mark}{i}".strip()
            try:
                store.save(glossary)
                break
            except ConflictError:
                continue
""")


def _seed(root: Path, count: int) -> None:
    glossary = store.Glossary(root)
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        glossary.add(Entry(f"e{n}", EntryStatus.APPROVED, [Term(f"术语{n}")], [Term(f"term {n}")]),
                     "big.yaml")
    store.save(glossary)


def test_a_writer_killed_mid_save_leaves_a_loadable_glossary(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _seed(root, 3000)
    for delay in (0.6, 0.9, 1.3, 1.7):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root), "1000"])
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        glossary = store.load(root)  # raises if the file were half-written
        assert len(glossary) == 3000
        notes = {e.note for e in glossary}
        assert len(notes) == 1, "one save is either wholly on disk or not at all"


def test_two_racing_writers_lose_no_update(tmp_path: Path) -> None:
    root = tmp_path / "g"
    glossary = store.Glossary(root)
    root.mkdir()
    glossary.add(Entry("shared", EntryStatus.CANDIDATE, [Term("共享")]), "a.yaml")
    store.save(glossary)
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(root), mark, "15"])
             for mark in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    note = store.load(root).get("shared").note  # type: ignore[union-attr]
    marks = note.split()
    assert sorted(marks) == sorted([f"a{i}" for i in range(15)] + [f"b{i}" for i in range(15)])
