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
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .fsutil import atomic_write_bytes
from .model import Entry

CACHE_VERSION = "1"

Parsed = tuple[list[tuple[Entry, int]], list[dict[str, Any]]]


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A change to the model or the schema makes every cached file stale."""
    digest = hashlib.sha1(f"{CACHE_VERSION}/{__version__}".encode())
    here = Path(__file__).parent
    for name in ("model.py", "schema.py", "yamlio.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def _folder() -> Path:
    from .index import _user_cache_dir

    base = os.environ.get("CQFIN_GLOSSARY_CACHE") or _user_cache_dir()
    return Path(base) / f"parsed-{_code_fingerprint()}"


def _prefix(file: Path) -> str:
    return hashlib.sha1(os.path.realpath(file).encode()).hexdigest()[:16]


def get(file: Path, sha: str) -> Parsed | None:
    """The entries (with their lines) and their base dicts, if cached for this content."""
    path = _folder() / f"{_prefix(file)}-{sha}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        entries, dicts = pickle.loads(data)
    except Exception:  # a truncated or foreign cache file is a miss, never an error
        return None
    return entries, dicts


def put(file: Path, sha: str, entries: list[tuple[Entry, int]],
        dicts: list[dict[str, Any]]) -> None:
    """Remember a validated file; older versions of the same file are dropped."""
    folder = _folder()
    prefix = _prefix(file)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / f"{prefix}-{sha}.pickle",
                           pickle.dumps((entries, dicts), protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob(f"{prefix}-*.pickle"):
            if old.name != f"{prefix}-{sha}.pickle":
                old.unlink()
