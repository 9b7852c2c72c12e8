"""Where an export may be written: never over the glossary, a folder or a special file unasked.

An export is written atomically (a temp file renamed over the path), which is
right for a regular file and wrong for anything else: renamed over a FIFO or a
device it replaced them with a plain file (a reader waiting on the FIFO got
nothing), and a path inside the glossary folder ending in .yaml replaced
glossary entries with TSV or JSON. So a FIFO or a character device (/dev/stdout)
is written into as it stands, and the rest is refused before a byte is written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError
from .fsutil import _inside, _kind, atomic_write_bytes, resolved_target

GLOSSARY_SUFFIXES = (".yaml", ".yml")  # what the store reads as entries (store.files)


def check_output(path: Path, glossary: Path | None) -> int:
    """Raise InputError naming ``path`` when an export must not be written there; else the
    mode of what stands there (0 when nothing does)."""
    name = str(path)
    target = resolved_target(Path(path))
    if glossary is not None and target.suffix.lower() in GLOSSARY_SUFFIXES \
            and _inside(target, glossary):
        raise InputError("inside the glossary folder, where a .yaml file is read as glossary "
                         "entries; write the export elsewhere", name)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            why = "is not a folder" if target.parent.exists() else "does not exist"
            raise InputError(f"cannot write: {target.parent} {why}", name) from None
        return 0
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", name) from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if not os.access(target, os.W_OK):
            raise InputError("read-only file, not replaced (make it writable to overwrite it)",
                             name)
    elif not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise InputError(f"not a regular file ({_kind(mode)}), refused", name)
    return mode


def write_output(path: Path, data: bytes, glossary: Path | None) -> None:
    """Write an export to ``path`` once ``check_output`` allows it: a FIFO or a character
    device as it stands, anything else atomically. OSError names ``path``."""
    mode = check_output(path, glossary)
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        try:
            with open(resolved_target(Path(path)), "wb") as handle:
                handle.write(data)
        except OSError as err:
            raise OSError(err.errno, err.strerror or str(err), str(path)) from None
        return
    atomic_write_bytes(Path(path), data)
