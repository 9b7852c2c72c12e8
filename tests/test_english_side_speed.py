"""The faster forms of the English side's steps give what the plain forms give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cqfin_glossary.mining import english, enterms, glosses
from cqfin_glossary.mining.enwords import STOPWORDS

# Letters, digits (fullwidth and Arabic-Indic too), apostrophes, hyphens and the punctuation
# and spaces the English side cuts on.
TEXT = st.text(alphabet=st.sampled_from(
    [*"abcdefghinorstuyAEGIPSCDT0123456789", "１", "٣", "'", "’", "-", " ", " ", ".", ",", ";",
     "(", ")", "\u00a0", "\n"]), max_size=60)
WORDS = ["Development", "development", "of", "the", "People's", "Bank", "China", "3rd",
         "１st", "Plenary", "Session", "has", "issued", "green", "finance", "loans", "and",
         "for", "small", "micro", "businesses", "opening", "up", "Chongqing", "unveiled",
         "RMB", "SMEs", "—", ".", ",", "(", ")", "financing", "boosted", "enterprises"]
SENTENCE = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)


def _plain_stem(word: str) -> str:
    word = glosses.SYNONYMS.get(word.lower(), word.lower())
    for suffix in glosses.SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ing" else 3):
            return word[: -len(suffix)]
    return word


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_stem_by_last_letter_is_the_stem_of_the_first_suffix_that_fits(word: str) -> None:
    for each in [word, *word.split()]:
        assert glosses.stem.__wrapped__(each) == _plain_stem(each)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=5))
def test_gloss_stems_of_all_senses_at_once_are_those_of_each_sense(senses: list[str]) -> None:
    """Senses joined by line breaks (which _plain's patterns and words stop at) give the
    stems of the senses one by one, brackets, classifiers and stray line breaks included."""
    senses = [s.replace("a", "[").replace("e", "]", 1).replace("C", "CL:", 1) for s in senses]
    one_by_one = frozenset(
        glosses.stem(w) for sense in senses
        for w in glosses._WORD.findall(re.sub(r"\[.*?\]|\bCL:.*", "", sense))
        if w.lower() not in STOPWORDS and len(w) > 1)
    glosses._SENSES["\ue000"] = senses  # a private-use character: no headword
    try:
        assert glosses.word_stems.__wrapped__("\ue000") == one_by_one
    finally:
        del glosses._SENSES["\ue000"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, SENTENCE))
def test_title_runs_are_found_as_without_the_look_ahead(text: str) -> None:
    plain = re.compile(english._TITLE.pattern.replace(r"(?=[\dA-Z])", "", 1))
    assert plain.pattern != english._TITLE.pattern
    assert [(m.span(), m.group()) for m in english._TITLE.finditer(text)] == \
        [(m.span(), m.group()) for m in plain.finditer(text)]


def _plain_boundary(word: str, previous: str) -> bool:
    lower = word.lower()
    if lower in enterms.JOINS:
        return False
    if lower in STOPWORDS or lower in enterms.NEWS or lower in enterms.VERBS or \
            lower in enterms.MORE_VERBS:
        return True
    if enterms._adverb(lower) or lower in enterms.DEGREE:
        return True
    return lower.endswith(("ed", "ing")) and (previous in enterms._AUXILIARIES
                                              or previous == "Name")


def _plain_chunks(line: str) -> list[list[str]]:
    """The chunker as it was, asking each test of each token anew."""
    chunks: list[list[str]] = []
    current: list[str] = []
    initial, previous = True, ""
    for token in enterms._TOKEN.findall(line):
        word = enterms._as_word(token, initial)
        marked = "Name" if token[0].isupper() and not initial else token.lower()
        opens = not token[0].isalnum() and token[-1] in enterms._SENTENCE_END
        if word == "up" and current and current[-1] == "opening":
            current.append(word)
        elif word is None or (_plain_boundary(word, previous) and
                              not enterms._noun_after_adjective(word, current)) or (
                bool(current) and enterms._verb_form(word) and current[-1] not in enterms.JOINS
                and enterms._can_end(current[-1])):
            chunks.append(current)
            current = []
        else:
            current.append(word)
        previous, initial = marked, opens
    chunks.append(current)
    trimmed = []
    for chunk in chunks:
        while chunk and chunk[0] in enterms.JOINS:
            chunk = chunk[1:]
        while chunk and chunk[-1] in enterms.JOINS:
            chunk = chunk[:-1]
        if chunk:
            trimmed.append(chunk)
    return trimmed


@settings(max_examples=300, deadline=None)
@given(SENTENCE)
def test_the_chunker_with_its_tests_kept_per_token_cuts_as_asking_each(line: str) -> None:
    assert enterms._chunks(line) == _plain_chunks(line)


@settings(deadline=None)
@given(st.lists(st.sampled_from(["1", "12", ",", "a", " ", "１", "."]), max_size=12).map("".join))
def test_thousands_separators_are_the_commas_between_digits(text: str) -> None:
    from cqfin_glossary.mining import align

    assert align._THOUSANDS.sub("", text) == re.sub(r"(?<=\d),(?=\d)", "", text)
