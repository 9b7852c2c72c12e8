"""What yamlio.dump writes, yamlio.parse reads back as the same data.

The store validates entries as data before writing them and does not parse its own
dump back (store._dump_checked): this is the property it relies on, for any text
(control characters, line breaks, quotes, marks YAML gives a meaning, words that
would read as booleans or nulls, leading and trailing spaces), numbers, booleans
and nulls, nested as glossary files nest them.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cqfin_glossary import yamlio

# Any character a Python string can be written out with in UTF-8 (not a lone surrogate).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
TRICKY = st.sampled_from(["yes", "No", "null", "~", "1e3", "0x1f", "12:30", "2026-12-03",
                          "- item", "key: value", "#note", "&anchor", "*alias", "!tag", "|",
                          ">", "'", '"', " lead", "trail ", "a\nb", "a\r\nb", "\u2028",
                          "\ufeff", "\x85", "", "<<", "=", ".inf", "-.5", "+1", "0o17"])
SCALAR = st.one_of(TEXT, TRICKY, st.integers(), st.booleans(), st.none(),
                   st.floats(allow_nan=False))
DATA = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(TEXT, TRICKY), inner, max_size=4)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(st.lists(DATA, min_size=1, max_size=3))
def test_dump_reads_back_as_the_same_data(data: list[Any]) -> None:
    assert yamlio.parse(yamlio.dump(data), "t.yaml") == data


@settings(max_examples=300, deadline=None)
@given(st.lists(DATA, min_size=1, max_size=4))
def test_the_dumps_of_items_joined_read_as_the_list(items: list[Any]) -> None:
    """A file is written as its entries' dumps one after another (autosave, store): that
    must read as the list. A text ending in blank lines once made libyaml close its dump
    with a document end marker, and the entry after it opened a second document."""
    joined = "".join(yamlio.dump([item]) for item in items)
    assert yamlio.parse(joined, "t.yaml") == items


def test_a_note_ending_in_a_blank_line_then_another_entry() -> None:
    items = [{"id": "a", "note": "tail\n\n"}, {"id": "b"}]
    assert yamlio.parse(yamlio.dump(items[:1]) + yamlio.dump(items[1:]), "t.yaml") == items


def test_lined_data_reads_as_parsed_data() -> None:
    data = [{"id": "a", "zh": [{"term": "渝金盾", "status": "preferred"}], "note": None}]
    lined = yamlio.lined(data)
    assert lined == data
    assert isinstance(lined, yamlio.LineList) and isinstance(lined[0], yamlio.LineDict)
    assert lined.item_lines == [0] and lined[0].key_lines == {"id": 0, "zh": 0, "note": 0}
    assert isinstance(lined[0]["zh"], yamlio.LineList)
