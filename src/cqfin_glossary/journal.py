"""Replace several files as one: all of them or none, even when the writer is killed midway.

The new contents go to temp files beside their targets (same file system, so a
rename is atomic); a journal folder in the glossary records first which temp
files are being written (the intent), then, once every one is on disk, the
renames to make (the commit). The commit is the point of no return: a run that
finds a commit finishes its renames, a run that finds only an intent removes
its temp files. Callers hold the glossary's writer lock, so one journal exists
at a time and anything it names is a dead writer's.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path

from .fsutil import Data, fsync_dir, resolved_target

JOURNAL = ".cqfin-glossary.journal"
_INTENT, _COMMIT = "intent.json", "commit.json"


def replace_files(root: Path, contents: dict[Path, Data]) -> None:
    """Write every ``path: data`` of ``contents`` as one change (symlinks written through).

    A failure before the commit (a full disk, a read-only folder) leaves every file
    as it was and raises OSError naming the file that could not be written.
    """
    recover(root)
    folder = Path(root) / JOURNAL
    token = uuid.uuid4().hex[:12]
    plan = [(path, resolved_target(path)) for path in contents]
    temps = [(str(t.parent / f".{t.name}.{token}.tmp"), str(t)) for _, t in plan]
    try:
        folder.mkdir(exist_ok=True)
        _write_json(folder / _INTENT, temps, root)
        for (path, _), (tmp, target) in zip(plan, temps, strict=True):
            _write_temp(Path(tmp), Path(target), contents[path], path)
        _write_json(folder / _COMMIT, temps, root)
    except BaseException:
        _undo(folder, temps)
        raise
    _finish(folder, temps)


def recover(root: Path) -> bool:
    """Finish a committed save a crash interrupted, or undo an uncommitted one; True if
    there was one. The caller holds the writer lock."""
    folder = Path(root) / JOURNAL
    if not folder.is_dir():
        return False
    committed = _read_json(folder / _COMMIT)
    if committed is not None:
        _finish(folder, committed, missing_ok=True)
    else:
        _undo(folder, _read_json(folder / _INTENT) or [])
    return True


def _write_temp(tmp: Path, target: Path, data: Data, shown: Path) -> None:
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except OSError as err:
        raise OSError(err.errno, err.strerror or str(err), str(shown)) from None


def _write_json(path: Path, temps: list[tuple[str, str]], root: Path) -> None:
    """A journal record, durable before the next step starts."""
    data = json.dumps(temps, ensure_ascii=False).encode("utf-8", "surrogateescape")
    partial = path.with_suffix(".part")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as err:
        raise OSError(err.errno, err.strerror or str(err), str(path)) from None
    fsync_dir(path.parent)


def _read_json(path: Path) -> list[tuple[str, str]] | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError):
        return None  # absent, or torn by a crash before its rename: not a record
    return [(str(tmp), str(target)) for tmp, target in data]


def _finish(folder: Path, temps: list[tuple[str, str]], missing_ok: bool = False) -> None:
    """Make the committed renames, then forget the journal."""
    for tmp, target in temps:
        try:
            os.replace(tmp, target)
        except FileNotFoundError:
            if not missing_ok:
                raise
            # Already renamed before the crash.
    for parent in {str(Path(t).parent) for _, t in temps}:
        fsync_dir(Path(parent))
    _clear(folder)


def _undo(folder: Path, temps: list[tuple[str, str]]) -> None:
    for tmp, _ in temps:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _clear(folder)


def _clear(folder: Path) -> None:
    for name in (_COMMIT, _INTENT, _COMMIT[:-5] + ".part", _INTENT[:-5] + ".part"):
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
    with contextlib.suppress(OSError):
        os.rmdir(folder)
    fsync_dir(folder.parent)
