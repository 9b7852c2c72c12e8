"""Parsed glossary files cached by content hash, so a large glossary loads in about a second.

Parsing and validating YAML runs at roughly 8,000 entries a second; a pickle of
the already-validated entries loads some twenty times faster. An entry is used
only when the file's SHA-256 matches, so an edited file is always parsed and
validated again. The cache lives beside the lookup index in the user's own
cache folder (the same trust as the YAML files themselves); any unreadable
cache file is ignored and rebuilt, and deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .fsutil import atomic_write_bytes
from .model import Entry

CACHE_VERSION = "1"

@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A change to the model or the schema makes every cached file stale."""
    digest = hashlib.sha1(f"{CACHE_VERSION}/{__version__}".encode())
    here = Path(__file__).parent
    for name in ("model.py", "schema.py", "yamlio.py", "store.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def _folder() -> Path:
    from .index import cache_root

    return Path(cache_root()) / f"parsed-{_code_fingerprint()}"


def _prefix(file: Path) -> str:
    return hashlib.sha1(os.path.realpath(file).encode()).hexdigest()[:16]


def get(file: Path, sha: str) -> tuple[list[tuple[Entry, int]], bytes] | None:
    """The entries (with their lines) and, still pickled, their base dicts by id.

    The base dicts are needed only when a file is saved, so they stay packed
    until then: unpickling them for every file would add a third to a load.
    """
    path = _folder() / f"{_prefix(file)}-{sha}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    stream = io.BytesIO(data)
    try:
        entries = pickle.Unpickler(stream).load()
    except Exception:  # a truncated or foreign cache file is a miss, never an error
        return None
    return entries, data[stream.tell():]


def unpack(packed: bytes) -> dict[str, dict[str, Any]]:
    """The base dicts kept packed by ``get``."""
    base: dict[str, dict[str, Any]] = pickle.loads(packed)
    return base


def put(file: Path, sha: str, entries: list[tuple[Entry, int]],
        base: dict[str, dict[str, Any]]) -> None:
    """Remember a validated file; older versions of the same file are dropped."""
    folder = _folder()
    prefix = _prefix(file)
    data = (pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            + pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL))
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / f"{prefix}-{sha}.pickle", data)
        for old in folder.glob(f"{prefix}-*.pickle"):
            if old.name != f"{prefix}-{sha}.pickle":
                old.unlink()


def _state_key(files: list[tuple[str, str]]) -> str:
    return hashlib.sha256(repr(sorted(files)).encode()).hexdigest()


def glossary_valid(root: Path, files: list[tuple[str, str]]) -> bool:
    """Whether this exact set of file contents passed the cross-file checks before."""
    marker = _folder() / f"{_prefix(root)}.valid"
    try:
        return marker.read_text(encoding="ascii") == _state_key(files)
    except OSError:
        return False


def mark_glossary_valid(root: Path, files: list[tuple[str, str]]) -> None:
    with contextlib.suppress(OSError):
        _folder().mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(_folder() / f"{_prefix(root)}.valid", _state_key(files).encode())
