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
import socket
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


def path_for(root: Path, me: str | None = None) -> Path:
    """This process's file for the glossary at ``root`` (``me``: another process's name)."""
    return folder() / f"{_prefix(root)}{me or _me()}.json"


def _me() -> str:
    return _name(os.getpid())


def _name(pid: int) -> str:
    """A process as host.pid.start: a process id is reused (the same one on each start of a
    container, another after a reboot), the start time and boot tell the runs apart, and a
    cache folder shared by two hosts keeps each host's editors apart."""
    host = "".join(c for c in socket.gethostname() if c.isalnum() or c == "-") or "host"
    return f"{host}.{pid}.{_started(pid)}"


def _started(pid: int) -> str:
    """When a process started (clock ticks since boot, and the boot), '' when unknown (no
    /proc) or not running; 'zombie' for one killed but not yet reaped (kill -9 under a
    parent that never waits, as in a container without an init)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii")[:8]
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):
        return "zombie"
    return f"{fields[19]}-{boot}"


def keep(root: Path, waiting: list[Waiting]) -> None:
    """Write this process's waiting edits (an OSError when that fails too), or remove the
    file when none wait."""
    rewrite(path_for(root), waiting)


@dataclass
class LeftBehind:
    """What editors no longer running left for a glossary."""

    files: list[tuple[Path, list[Waiting]]]  # each file with its edits, oldest name first
    unreadable: list[Path]  # cut short, say: left where they are for the user to see
    elsewhere: list[Path]  # another host's editor's, which this host cannot tell is running


def left_behind(root: Path) -> LeftBehind:
    """The waiting edits of editors on ``root`` that are no longer running, file by file."""
    out = LeftBehind([], [], [])
    prefix = _prefix(root)
    host = _me().split(".", 1)[0]
    try:
        names = sorted(p for p in folder().iterdir() if p.name.startswith(prefix))
    except OSError:
        return out
    for path in names:
        parts = path.stem[len(prefix):].split(".")
        if len(parts) == 1 and parts[0].isdigit():
            parts = [host, parts[0], ""]  # named by its pid alone (written before hosts)
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        if parts[0] != host:
            out.elsewhere.append(path)
            continue
        if _alive(int(parts[1]), parts[2]):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found = [Waiting(e["file"], e["entry_id"], e["base"], e["mine"])
                     for e in data["edits"]]
        except (OSError, ValueError, KeyError, TypeError):
            out.unreadable.append(path)
            continue
        out.files.append((path, found))
    return out


def rewrite(path: Path, edits: list[Waiting]) -> None:
    """A process's file holding ``edits`` (another's: those not taken in), or none when none
    are left."""
    if not edits:
        forget([path])
        return
    data = {"version": VERSION, "edits": [vars(w) for w in edits]}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False))


def _alive(pid: int, started: str) -> bool:
    """Whether the process that wrote a file runs still: its id is in use, by the same run."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    now = _started(pid)
    return now != "zombie" and not (now and started and now != started)


def forget(files: list[Path]) -> None:
    for path in files:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
