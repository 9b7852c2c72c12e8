"""Edits the editor could not save yet, kept outside the glossary so that a crash loses none.

While an edit waits (a full disk, a read-only file, a lock, a conflict to decide),
it lives in the editor's memory; a crash then lost it without a word, and the next
start said "All changes saved". Each editor process keeps its waiting edits in a
file of its own in the cache folder (most often on another disk than the
glossary), with the version each edit was made on, and removes it once all are
saved. The next editor on that glossary finds the files of processes that are no
longer running and takes their edits in.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fsutil import atomic_write_text

VERSION = 1
Data = dict[str, Any]


@dataclass
class Waiting:
    """One edit not yet on disk: its file, entry id, the entry as it was before (None when new)
    and as edited (None when removed)."""

    file: str
    entry_id: str
    base: Data | None
    mine: Data | None


def folder() -> Path:
    from .index import cache_root

    return Path(cache_root()) / "recovery"


def _prefix(root: Path) -> str:
    from hashlib import sha1

    return sha1(os.path.realpath(root).encode()).hexdigest()[:16] + "-"


def path_for(root: Path, pid: int | None = None) -> Path:
    """This process's file for the glossary at ``root``."""
    return folder() / f"{_prefix(root)}{os.getpid() if pid is None else pid}.json"


def keep(root: Path, waiting: list[Waiting]) -> None:
    """Write this process's waiting edits (an OSError when that fails too), or remove the
    file when none wait."""
    path = path_for(root)
    if not waiting:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    data = {"version": VERSION, "root": os.path.realpath(root),
            "edits": [vars(w) for w in waiting]}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False))


def left_behind(root: Path) -> tuple[list[Waiting], list[Path]]:
    """The waiting edits of editors on ``root`` that are no longer running, and their files
    (to remove once the edits are taken in). An unreadable file is left where it is."""
    edits: list[Waiting] = []
    files: list[Path] = []
    prefix = _prefix(root)
    try:
        names = sorted(p for p in folder().iterdir() if p.name.startswith(prefix))
    except OSError:
        return [], []
    for path in names:
        pid = path.stem[len(prefix):]
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found = [Waiting(e["file"], e["entry_id"], e["base"], e["mine"])
                     for e in data["edits"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        edits += found
        files.append(path)
    return edits, files


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget(files: list[Path]) -> None:
    for path in files:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
