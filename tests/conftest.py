"""Shared fixtures: a private index cache per test, the seeds and a copy of the shipped glossary.

The cache folder is redirected here, when pytest loads this file and before any test
module (or a module-scoped fixture, or a subprocess) can import the package and look
for ``~/.cache/cqfin-glossary``: the suite never writes outside its temporary folders.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SESSION_CACHE = tempfile.mkdtemp(prefix="cqfin-glossary-test-cache-")
os.environ["CQFIN_GLOSSARY_CACHE"] = _SESSION_CACHE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GLOSSARY = ROOT / "glossary"


@pytest.fixture(scope="session", autouse=True)
def _session_cache() -> Iterator[str]:
    """The cache of the whole run (module-scoped fixtures use it), removed at the end."""
    os.environ["CQFIN_GLOSSARY_CACHE"] = _SESSION_CACHE
    yield _SESSION_CACHE
    shutil.rmtree(_SESSION_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's cache folder."""
    monkeypatch.setenv("CQFIN_GLOSSARY_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def glossary_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped glossary."""
    target = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, target)
    return target


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
