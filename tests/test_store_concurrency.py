"""Real processes: writers killed mid-save, writers and index builds racing, a full disk.

Each race runs once here (CI); CQFIN_STRESS_RUNS=50 repeats it for the stress figures."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cqfin_glossary import journal, store
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


# --- several files per save, concurrent commands, a full disk -------------------------------

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("CQFIN_STRESS_RUNS", "1"))  # 50 for the stress figures in the README
CLI = [sys.executable, "-m", "cqfin_glossary"]

TWO_FILES = textwrap.dedent("""
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


def _seed_two_files(root: Path, count: int) -> None:
    glossary = store.Glossary(root)
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        glossary.add(Entry(f"e{n}", EntryStatus.APPROVED, [Term(f"术语{n}")], [Term(f"term {n}")]),
                     "a.yaml" if n % 2 else "sub/b.yaml")
    store.save(glossary)


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(".tmp")
                  or p.name == journal.JOURNAL)


def test_a_save_of_two_files_killed_anywhere_is_all_or_nothing(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _seed_two_files(root, 2000)
    for trial in range(4 * RUNS):
        proc = subprocess.Popen([sys.executable, "-c", TWO_FILES, str(root), "1000"])
        time.sleep(0.5 + 0.13 * (trial % 11))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        glossary = store.load(root)  # finishes or undoes the interrupted save first
        assert len(glossary) == 2000
        assert len({e.note for e in glossary}) == 1, "both files from the same save"
        assert _leftovers(root) == []


def test_a_full_disk_midway_changes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    root = tmp_path / "g"
    _seed_two_files(root, 20)
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    glossary = store.load(root)
    for entry in glossary:
        entry.note = "changed"
    real = journal._write_temp
    calls: list[Path] = []

    def fill_up(tmp: Path, target: Path, data: bytes, shown: Path) -> None:
        calls.append(shown)
        if len(calls) == 2:  # the disk fills while the second file is written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(shown))
        real(tmp, target, data, shown)

    monkeypatch.setattr(journal, "_write_temp", fill_up)
    with pytest.raises(OSError) as caught:
        store.save(glossary)
    assert caught.value.filename == str(calls[1]) and caught.value.errno == errno.ENOSPC
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert _leftovers(root) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounts need root")
def test_import_on_a_really_full_disk_is_one_line_and_merges_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        root = disk / "g"
        _seed_two_files(root, 40)
        before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        big = tmp_path / "big.tsv"
        big.write_text("".join(f"新术语{n}\tnew term {n}\n" for n in range(3000)))
        filler = disk / "filler"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"x" * max(0, free - 24 * 1024))
        done = _cli(tmp_path, "--glossary", str(root), "import", str(big))
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "No space left" in done.stderr
        assert str(root) in done.stderr and "Traceback" not in done.stderr
        assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
        assert _leftovers(root) == []
        # The lookup index's cache on the full disk: one line naming it, no traceback.
        looked = _cli(tmp_path, "--glossary", str(root), "lookup", "术语1", cache=disk / "cache")
        assert looked.returncode == 2 and looked.stderr.count("\n") == 1, looked.stderr
        assert str(disk / "cache") in looked.stderr and "full" in looked.stderr
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _cli(cwd: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CQFIN_GLOSSARY_CACHE": str(cache or cwd / "cache")}
    return subprocess.run([*CLI, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def _start(cwd: Path, *args: str, cache: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "CQFIN_GLOSSARY_CACHE": str(cache or cwd / "cache")}
    return subprocess.Popen([*CLI, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


NEW_TERMS = ["绿色金融改革创新试验区", "跨境金融服务平台", "西部金融中心建设"]


def _concurrent_world(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "".join(f"重庆推进“{t}”。{t}取得进展，{t}持续推进。\n" for t in NEW_TERMS)
    (corpus / "a.txt").write_text(text * 3)
    (corpus / "b.txt").write_text(text * 2)
    (tmp_path / "one.tsv").write_text("".join(f"{t}\tterm {n}\n" for n, t in enumerate(NEW_TERMS)))
    (tmp_path / "two.tsv").write_text("".join(f"{t}\trendering {n}\n"
                                              for n, t in enumerate(NEW_TERMS)))
    return tmp_path


def _assert_one_entry_per_term(cwd: Path) -> None:
    done = _cli(cwd, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    glossary = store.load(cwd / "glossary")
    for term in NEW_TERMS:
        holders = [e.id for e in glossary if any(t.term == term for t in e.zh)]
        assert len(holders) <= 1, f"{term} in {holders}"


def test_mine_and_two_imports_at_once_end_with_a_valid_glossary(tmp_path: Path) -> None:
    for run in range(RUNS):
        cwd = _concurrent_world(tmp_path / f"run{run}")
        procs = [_start(cwd, "mine", "corpus", "-q", "--min-freq", "1"),
                 _start(cwd, "import", "one.tsv"), _start(cwd, "import", "two.tsv")]
        results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
        for code, err in results:
            assert code in (0, 1) and "Traceback" not in err, err
        _assert_one_entry_per_term(cwd)


def test_two_mines_over_overlapping_corpora_both_merge(tmp_path: Path) -> None:
    for run in range(RUNS):
        cwd = _concurrent_world(tmp_path / f"run{run}")
        procs = [_start(cwd, "mine", "corpus", "-q", "--min-freq", "1"),
                 _start(cwd, "mine", "corpus/a.txt", "-q", "--min-freq", "1")]
        for proc in procs:
            assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
        _assert_one_entry_per_term(cwd)


def test_cold_lookups_at_once_build_the_index_without_a_crash(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    for run in range(RUNS):
        cache = tmp_path / f"cache{run}"
        procs = [_start(tmp_path, "lookup", query, cache=cache)
                 for query in ("渝金盾", "pboc", "西部金融中心", "yujindun")]
        for proc in procs:
            code = proc.wait(timeout=300)
            err = proc.stderr.read() if proc.stderr else ""
            assert code in (0, 1) and err == "", err
