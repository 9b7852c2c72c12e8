"""File-system helpers: atomic replacement of a file, so readers never see half a write."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# A file's new content: its bytes, or parts written one after another (the editor keeps
# a large file as blocks: joining 40 MB only to write it would double the work).
Data = bytes | Sequence[bytes]
_LAST_READ: list[str | None] = [None]


def last_read() -> str | None:
    """The file most recently opened for reading: what an unexpected error is reported with."""
    return _LAST_READ[0]


def atomic_write_bytes(path: Path, data: Data) -> None:
    """Write to a temp file in the same folder, fsync it, rename it over ``path``.

    A symlink is written through (its target is replaced, the link stays), and
    a failure (a full disk, a read-only folder) is an OSError naming ``path``,
    with the temp file removed and ``path`` as it was.
    """
    path = Path(path)
    target = resolved_target(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = write_temp(target, data)
        try:
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        raise OSError(err.errno, err.strerror or str(err), str(path)) from None
    fsync_dir(target.parent)


def resolved_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: the target when ``path`` is a symlink."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def write_temp(target: Path, data: Data) -> str:
    """A durable temp file beside ``target`` holding ``data``, with ``target``'s permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_limited(path: Path, limit: int, within: Path | None = None) -> bytes:
    """The bytes of a regular file, refusing one larger than ``limit``.

    FIFOs, devices and sockets are refused before a byte is read (a FIFO would
    block forever, /dev/zero would fill memory); so is a symlink that leads out of
    ``within`` when given. The read stops at ``limit`` whatever the size said,
    so a file that grows while it is read cannot exceed it either.
    """
    from .errors import InputError

    name = str(path)
    _LAST_READ[0] = name
    if within is not None and not _inside(path, within):
        raise InputError(f"a symlink to {os.path.realpath(path)}, outside {within}; "
                         "copy the file into the folder instead", name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise InputError(_why(err, path), name) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_kind(info.st_mode)}), refused", name)
        raise InputError(f"file too large ({info.st_size:,} bytes; the limit is {limit:,})", name)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as err:
            raise InputError(_why(err, path), name) from None
    if len(data) > limit:
        raise InputError(f"file too large (over {limit:,} bytes)", name)
    return data


def check_regular(path: Path, within: Path | None = None) -> os.stat_result:
    """The stat of a regular file that may be read, or InputError saying what it is instead."""
    from .errors import InputError

    if within is not None and not _inside(path, within):
        raise InputError(f"a symlink to {os.path.realpath(path)}, outside {within}; "
                         "copy the file into the folder instead", str(path))
    try:
        info = os.stat(path)
    except OSError as err:
        raise InputError(_why(err, path), str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"not a regular file ({_kind(info.st_mode)}), refused", str(path))
    return info


def _inside(path: Path, root: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _why(err: OSError, path: Path) -> str:
    """A reason for an unreadable path, in words (a dangling link is not just 'missing')."""
    if err.errno == errno.ENOENT:
        return "a dangling symlink" if os.path.islink(path) else "no such file"
    if err.errno == errno.ELOOP:
        return "a symlink loop"
    if err.errno == errno.EISDIR:
        return "is a folder, expected a file"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return err.strerror or str(err)


def refuse_read_only(root: Path, files: list[str]) -> None:
    """A glossary file its owner made read-only is not replaced (a rename would ignore the
    mode): InputError naming it, before anything is written. The CLI's saves and the
    editor's both ask."""
    from .errors import InputError

    for file in files:
        target = resolved_target(root / file)
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            continue
        if not mode & 0o222 or not os.access(target, os.W_OK):
            raise InputError("read-only file; make it writable to save into it (nothing was "
                             "written)", str(root / file))


STALE_TEMP_SECONDS = 60.0  # a write's temp file lives for milliseconds; older, it is a crash's


def remove_stale_temps(targets: Sequence[Path]) -> None:
    """Remove the temp files a writer killed mid-save left beside ``targets`` (an empty
    '.candidates.yaml.x1y2.tmp' stayed for good, and git showed it). Asked under the
    glossary's writer lock; a temp younger than STALE_TEMP_SECONDS is left alone."""
    import time

    now = time.time()
    for target in targets:
        target = resolved_target(Path(target))
        try:
            found = list(target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"))
        except OSError:
            continue
        for temp in found:
            with contextlib.suppress(OSError):
                if now - temp.lstat().st_mtime > STALE_TEMP_SECONDS and temp.is_file():
                    temp.unlink()
