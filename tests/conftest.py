"""Shared fixtures: a private index cache per test, the seeds and a copy of the shipped glossary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GLOSSARY = ROOT / "glossary"


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
