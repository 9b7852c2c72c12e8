"""Parsed glossary files cached by content hash, so a large glossary loads in about a second.

Parsing and validating YAML runs at roughly 8,000 entries a second; a pickle of
the already-validated entries loads some ten times faster. An entry is used
only when the file's SHA-256 matches, so an edited file is always parsed and
validated again. The cache lives beside the lookup index in the user's own
cache folder (the same trust as the YAML files themselves); any unreadable
cache file is ignored and rebuilt, and deleting the folder is always safe.

Each glossary file has one cache file named after its path, holding the
content hash it was made from: a look-up opens that one file, never lists the
folder. Writes are atomic (temp file, rename) but not fsynced: a cache file
cut short by a crash fails to unpickle or carries the wrong hash, which is a
miss, so the two fsyncs per file that a glossary file needs buy nothing here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import threading
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Entry

CACHE_VERSION = "2"
_MAGIC = b"cqfin-parsed-" + CACHE_VERSION.encode() + b"\n"

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

    return _folder_in(cache_root())


@lru_cache(maxsize=8)
def _folder_in(root: str) -> Path:
    return Path(root) / f"parsed-{_code_fingerprint()}"


def _prefix(file: Path) -> str:
    # abspath, not realpath: resolving links costs an lstat per path component, a tenth
    # of validating a one-entry file; a file reached through a link only gets its own entry.
    return hashlib.sha1(os.path.abspath(file).encode()).hexdigest()[:16]


def _head(sha: str, payload: bytes) -> bytes:
    # The length and CRC make a file cut short or zero-filled by a crash a miss, even in
    # the part (the packed base dicts) that is only unpickled when the file is saved.
    return _MAGIC + f"{sha} {len(payload)} {zlib.crc32(payload)}\n".encode()


def _read(path: Path, sha: str) -> bytes | None:
    """The payload of a cache file made from content ``sha``, else None (a miss)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n", len(_MAGIC))
    payload = data[end + 1:]
    return payload if end > 0 and data[:end + 1] == _head(sha, payload) else None


def _write(path: Path, sha: str, payload: bytes) -> None:
    """Replace ``path`` atomically; a failure (read-only folder, full disk) only costs speed."""
    folder = os.path.dirname(path)
    # The temporary name is this process's and thread's own, so no other writer opens it.
    tmp = f"{folder}{os.sep}.{os.path.basename(path)}.{os.getpid()}-{threading.get_ident()}.tmp"
    with contextlib.suppress(OSError):
        try:
            handle = open(tmp, "wb")  # noqa: SIM115 - closed below, after a retry
        except FileNotFoundError:  # first write, or someone deleted the cache meanwhile
            os.makedirs(folder, exist_ok=True)
            handle = open(tmp, "wb")  # noqa: SIM115
        try:
            with handle:
                handle.write(_head(sha, payload) + payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def get(file: Path, sha: str) -> tuple[list[tuple[Entry, int]], bytes] | None:
    """The entries (with their lines) and, still pickled, their base dicts by id.

    The base dicts are needed only when a file is saved, so they stay packed
    until then: unpickling them for every file would add a third to a load.
    """
    data = _read(_folder() / f"{_prefix(file)}.pickle", sha)
    if data is None:
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
    """Remember a validated file, in place of whatever version of it was cached."""
    data = (pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            + pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL))
    _write(_folder() / f"{_prefix(file)}.pickle", sha, data)


def get_forms(file: Path, sha: str) -> dict[str, Any] | None:
    """What the lookup index derived from this content of ``file`` (pinyin, Traditional)."""
    data = _read(_folder() / f"{_prefix(file)}.forms", sha)
    if data is None:
        return None
    try:
        forms: dict[str, Any] = pickle.loads(data)
    except Exception:  # same as get: a bad cache file is a miss
        return None
    return forms


def put_forms(file: Path, sha: str, forms: dict[str, Any]) -> None:
    _write(_folder() / f"{_prefix(file)}.forms", sha,
           pickle.dumps(forms, protocol=pickle.HIGHEST_PROTOCOL))


def _state_key(files: list[tuple[str, str]]) -> str:
    return hashlib.sha256(repr(sorted(files)).encode()).hexdigest()


def glossary_valid(root: Path, files: list[tuple[str, str]]) -> bool:
    """Whether this exact set of file contents passed the cross-file checks before."""
    return _read(_folder() / f"{_prefix(root)}.valid", "") == _state_key(files).encode()


def mark_glossary_valid(root: Path, files: list[tuple[str, str]]) -> None:
    _write(_folder() / f"{_prefix(root)}.valid", "", _state_key(files).encode())
