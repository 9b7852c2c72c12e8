"""The checker against the labelled set: recall >= 0.95, <= 2 false positives per 1,000 segments."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("bench_check", ROOT / "bench" / "check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recall_and_false_positives_on_the_labelled_set() -> None:
    result = _bench().accuracy()
    assert result["segments"] >= 200
    assert result["planted"] >= 50
    assert result["recall"] >= 0.95, result["missed"]
    assert result["fp_per_1000"] <= 2, result["spurious"]


def test_labelled_set_plants_every_kind_of_case() -> None:
    import json

    text = (ROOT / "tests" / "data" / "qa" / "segments.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    kinds = {kind for row in rows for kind, _ in row["expected"]}
    cases = {row["case"] for row in rows}
    assert {"missing", "deprecated", "inconsistent", "same-rendering"} <= kinds
    assert {"admitted", "short", "trad", "pref"} <= cases
