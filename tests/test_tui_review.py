"""The editor's core helpers: filter and sort over entries, editorial actions, undo, disk watch."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cqfin_glossary import store
from cqfin_glossary.editing import (
    DiskWatch,
    History,
    accept_suggestion,
    add_chinese,
    add_variant,
    cycle_term_status,
    kwic,
    restore,
    set_status,
    snapshot,
)
from cqfin_glossary.errors import UsageError
from cqfin_glossary.model import Entry, EntryStatus, Mining, Suggestion, Term, TermStatus
from cqfin_glossary.review import ReviewList


def entries(n: int) -> list[Entry]:
    out = []
    for i in range(n):
        out.append(Entry(id=f"e{i}", status=[EntryStatus.CANDIDATE, EntryStatus.APPROVED][i % 2],
                         zh=[Term(f"重庆金融{i}号")], en=[Term(f"Chongqing finance number {i}")],
                         mining=Mining(score=i / n, frequency=n - i)))
    return out


def filled(items: list[Entry]) -> ReviewList:
    review = ReviewList(items)
    while review.fill(7):
        pass
    return review


def brute(review: ReviewList, needle_ok, status: str, sort: str) -> list[int]:
    return [i for i in review.order(sort)
            if (status == "all" or review.statuses[i] == status) and needle_ok(review.entries[i])]


@pytest.mark.parametrize("status", ["candidate", "approved", "all"])
@pytest.mark.parametrize("sort", ["score", "frequency", "pinyin", "changed"])
def test_filter_head_is_the_prefix_of_the_full_result(status: str, sort: str) -> None:
    review = filled(entries(300))
    for query in ["1", "12", "finance 1", "重慶", "chongqing", "chong qing jin"]:
        head, complete = review.select(query, status, sort, limit=5)
        full, done = review.select(query, status, sort)
        assert done
        if complete:
            assert head == full
        else:
            assert len(head) == 5 and full[:5] == head


def test_filter_matches_like_a_plain_scan() -> None:
    review = filled(entries(200))
    english = brute(review, lambda e: "number 17" in e.en[0].term.lower(), "all", "score")
    assert review.select("Number 17", "all", "score")[0] == english
    traditional = brute(review, lambda e: "金融1" in e.zh[0].term, "approved", "frequency")
    assert review.select("金融1", "approved", "frequency")[0] == traditional
    assert review.select("金融1", "approved", "frequency")[0] == \
        review.select("金融1", "approved", "frequency")[0]
    assert len(review.select("chongqingjinrong", "all")[0]) == 200


def test_typing_narrows_and_edits_are_seen() -> None:
    items = entries(100)
    review = filled(items)
    assert review.select("number 4", "all")[0]  # builds the joined text
    items[3].en[0].term = "Zebra loan"
    review.update(items[3])
    assert review.select("zebra", "all")[0] == [3]
    assert 3 not in review.select("number 3", "all")[0]
    items[3].status = EntryStatus.REJECTED
    review.update(items[3])
    assert review.counts()["rejected"] == 1
    assert review.select("", "rejected")[0] == [3]


def test_sorts() -> None:
    review = filled(entries(50))
    assert review.order("score")[0] == 49
    assert review.order("frequency")[0] == 0
    items = review.entries
    store.touch(items[10])
    review.update(items[10])
    assert review.order("changed")[0] == 10


def test_actions_and_undo() -> None:
    entry = Entry(id="x", zh=[Term("千里马")],
                  suggestions=[Suggestion("Qianlima", 0.9), Suggestion("Thousand-li horse", 0.5)])
    with pytest.raises(UsageError):
        set_status(entry, EntryStatus.APPROVED)
    history = History()
    before = snapshot(entry)
    accept_suggestion(entry, "Thousand-li horse")
    history.record("accept", before, entry)
    assert entry.english == "Thousand-li horse" and len(entry.suggestions) == 2
    add_variant(entry, "Qianlima programme")
    assert [t.status for t in entry.en] == [TermStatus.PREFERRED, TermStatus.ADMITTED]
    cycle_term_status(entry, 1)  # admitted -> deprecated
    assert entry.en[1].status is TermStatus.DEPRECATED
    set_status(entry, EntryStatus.APPROVED)
    change = history.undo()
    assert change is not None
    restore(entry, change.before)
    assert entry.en == [] and entry.status is EntryStatus.CANDIDATE
    assert history.redo() is change and history.redo() is None


def test_kwic_highlights_the_term() -> None:
    text = "The 千里马 initiative has enhanced capital market functions in the west"
    left, match, right = kwic(text, ["千里马"], width=22)
    # The right side takes the room the left did not need, and is never cut mid-word.
    assert (left, match) == ("The ", "千里马") and right == " initiative…"
    assert kwic(text, ["渝金盾"]) is None
    # A long English match leaves less room around it: the line still fits its width.
    line = "Chongqing published an action plan for developing the Western Financial Center by 2025"
    for width in (30, 50, 76):
        left, match, right = kwic(line, ["Western Financial Center"], width=width)
        assert match == "Western Financial Center" and len(left + match + right) <= width


def test_disk_watch_sees_other_writers(glossary_dir: Path) -> None:
    watch = DiskWatch(glossary_dir)
    assert watch.changed() == []
    glossary = store.load(glossary_dir)
    entry = next(iter(glossary))
    entry.note = "edited elsewhere"
    time.sleep(0.01)  # a distinct mtime on coarse file systems; not a timing assertion
    store.save(glossary)
    assert watch.changed() == [glossary.file_of(entry.id)]
    watch.mark()
    assert watch.changed() == []


def test_related_entries_and_hide_shorter() -> None:
    long = Entry(id="plan", zh=[Term("重庆市建设西部金融中心行动方案")])
    short = Entry(id="wfc", status=EntryStatus.APPROVED, zh=[Term("西部金融中心")],
                  en=[Term("Western Financial Center")])
    part = Entry(id="part", zh=[Term("金融中心")])
    other = Entry(id="other", zh=[Term("稳岗贷")])
    review = ReviewList([long, short, part, other])
    while review.fill():
        pass
    inside, containing = review.related(long)
    assert [e.id for e in inside] == ["wfc", "part"]
    assert containing == []
    inside, containing = review.related(short)
    assert [e.id for e in inside] == ["part"] and [e.id for e in containing] == ["plan"]
    assert review.hide_shorter(True) == 1  # only the candidate 金融中心; approved ones stay
    shown = [review.entries[i].id for i in review.select("", "all")[0]]
    assert "part" not in shown and {"plan", "wfc", "other"} <= set(shown)
    assert "part" not in [review.entries[i].id for i in review.select("金融", "all")[0]]
    review.hide_shorter(False)
    assert "part" in [review.entries[i].id for i in review.select("", "all")[0]]


def test_related_follows_an_edit() -> None:
    review = ReviewList([Entry(id="a", zh=[Term("西部金融中心")]),
                         Entry(id="b", zh=[Term("稳岗贷")])])
    while review.fill():
        pass
    assert review.related(review.entries[0]) == ([], [])
    review.entries[1].zh = [Term("金融中心")]
    review.update(review.entries[1])
    assert [e.id for e in review.related(review.entries[0])[0]] == ["b"]


def test_counts_follow_status_changes() -> None:
    review = ReviewList(entries(10))
    before = review.counts()
    entry = review.entries[0]
    entry.status = EntryStatus.REJECTED if entry.status is not EntryStatus.REJECTED \
        else EntryStatus.CANDIDATE
    old = review.statuses[0]
    review.update(entry)
    after = review.counts()
    assert after[old] == before[old] - 1 and after[entry.status.value] == before[
        entry.status.value] + 1 and after["all"] == 10


def test_a_chinese_term_typed_in_traditional_is_stored_in_simplified() -> None:
    entry = Entry("eco", EntryStatus.APPROVED, zh=[Term("金融生态")],
                  en=[Term("financial ecosystem")])
    plain = add_chinese(entry, "金融生態環境")
    assert (plain.term, plain.hant) == ("金融生态环境", None)  # OpenCC writes it back as typed
    # written 台 where OpenCC's standard Traditional has 臺: kept as the Traditional override
    own = add_chinese(entry, "台灣金融")
    assert (own.term, own.hant) == ("台湾金融", "台灣金融")
    with pytest.raises(UsageError, match="already"):
        add_chinese(entry, "金融生态环境")
