"""Snapshots of the editor at fixed sizes, on a small fixed glossary (update: --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary import store
from cqfin_glossary.model import (
    Entry,
    EntryStatus,
    Mining,
    Occurrence,
    Suggestion,
    Term,
    TermStatus,
)
from cqfin_glossary.tui.app import GlossaryApp


def _entries() -> list[Entry]:
    return [
        Entry(id="yujindun", status=EntryStatus.APPROVED, subject="digital finance",
              zh=[Term("渝金盾")], en=[Term("Yujindun risk brain"),
                                      Term("risk brain", TermStatus.ADMITTED, type="shortForm")],
              pos="properNoun", definition="Chongqing's platform for financial-risk monitoring.",
              occurrences=[Occurrence("seeds/002.txt", 5, 'The "渝金通" financial brain and '
                                      '"渝金盾" risk brain represent new paradigms')],
              mining=Mining(0.91, 12, 3)),
        Entry(id="qianlima", zh=[Term("千里马")], en=[],
              suggestions=[Suggestion("Qianlima initiative", 0.72, ["quoted with English nearby"]),
                           Suggestion("Thousand-Li Horse", 0.4, ["CC-CEDICT gloss"])],
              occurrences=[Occurrence("seeds/002.txt", 5, 'The "千里马" initiative has enhanced '
                                      "capital market functions")],
              mining=Mining(0.85, 7, 2)),
        Entry(id="xibu-jinrong-zhongxin", zh=[Term("西部金融中心")],
              en=[Term("Western Financial Center")], mining=Mining(0.66, 30, 4)),
        Entry(id="chengyu-shuangcheng", status=EntryStatus.REJECTED,
              zh=[Term("成渝地区双城经济圈")],
              en=[Term("Chengdu-Chongqing economic circle")], mining=Mining(0.3, 2, 1)),
    ]


@pytest.fixture
def small_glossary(tmp_path: Path) -> Path:
    root = tmp_path / "glossary"
    root.mkdir()
    glossary = store.Glossary(root)
    for entry in _entries():
        glossary.add(entry, "terms.yaml")
    store.save(glossary)
    return root


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_candidates_at_100x30(snap_compare, small_glossary: Path) -> None:
    assert snap_compare(GlossaryApp(small_glossary), terminal_size=(100, 30), run_before=_settle)


def test_filtered_all_at_160x45(snap_compare, small_glossary: Path) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("t", "t", "t", "slash", "渝", "enter")
        await _settle(pilot)

    assert snap_compare(GlossaryApp(small_glossary), terminal_size=(160, 45),
                        run_before=run_before)


def test_help_at_100x30(snap_compare, small_glossary: Path) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(GlossaryApp(small_glossary), terminal_size=(100, 30),
                        run_before=run_before)


def test_prompt_in_view_at_80x24(snap_compare, small_glossary: Path) -> None:
    """The smallest usual terminal: footer and status line fit, the prompt opens in view."""
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("t", "t", "t")  # all entries: the approved one has renderings
        await _settle(pilot)
        pilot.app.query_one("#pane").scroll_end(animate=False)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()  # the prompt is scrolled into view after the frame that shows it

    assert snap_compare(GlossaryApp(small_glossary), terminal_size=(80, 24),
                        run_before=run_before)
