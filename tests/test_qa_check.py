"""Checking translations: per-segment and file-wide problems, input formats, bad input, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqfin_glossary import store
from cqfin_glossary.cli import main
from cqfin_glossary.errors import EncodingError, FormatError
from cqfin_glossary.match import Matcher
from cqfin_glossary.model import Term, TermStatus
from cqfin_glossary.qa import check
from cqfin_glossary.segments import Segment, read_segments

QA_GLOSSARY = Path(__file__).parent / "data" / "qa" / "glossary"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_entries(store.load(QA_GLOSSARY))


def _check(matcher: Matcher, *pairs: tuple[str, str]) -> list[tuple[int, str, str, str]]:
    segments = [Segment(n, zh, en, "t") for n, (zh, en) in enumerate(pairs, 1)]
    return [(p.segment, p.kind, p.entry, p.found) for p in check(segments, matcher).problems]


def test_correct_preferred_admitted_and_inflected_renderings_pass(matcher: Matcher) -> None:
    assert _check(matcher,
                  ("普惠贷款增长较快。", "Inclusive loans grew fast."),
                  ("渝金盾上线。", "The risk brain went live."),
                  ("西部陆海新通道加快建设。", "Work on the ILSTC sped up."),
                  ("数字人民币试点扩大。", "The e-CNY pilot widened.")) == []


def test_missing_and_deprecated_renderings(matcher: Matcher) -> None:
    problems = _check(matcher,
                      ("渝车出海取得进展。", "The car export programme made progress."),
                      ("跨境结算更便利。", "Overseas clearing is easier."),
                      ("中国人民银行发布数据。", "The People's Bank released data."))
    assert problems == [(1, "missing", "yucheshuhai", ""),
                        (2, "deprecated", "cross-border-settlement", "Overseas clearing"),
                        (3, "deprecated", "pboc", "People's Bank")]


def test_english_in_full_width_letters_and_digits_is_read_as_ascii(matcher: Matcher) -> None:
    """English typed with a Chinese input method (ＩＬＳＴＣ, ３３６１８): its full-width
    letters were no word characters, the rendering went unseen and was reported missing;
    a deprecated one written so passed."""
    assert _check(matcher,
                  ("西部陆海新通道加快建设。", "Work on the ＩＬＳＴＣ sped up."),
                  ("33618现代制造业集群体系", "the ３３６１８ modern manufacturing cluster system")
                  ) == []
    assert _check(matcher, ("跨境结算更便利。", "Ｏｖｅｒｓｅａｓ clearing is easier.")) == [
        (1, "deprecated", "cross-border-settlement", "Ｏｖｅｒｓｅａｓ clearing")]


def test_a_term_whose_code_the_text_quotes_is_found_whole() -> None:
    """“33618”现代制造业集群体系, as Chinese texts write it: the quotes cut the term, and
    check asked for the English of 现代制造业 inside it instead."""
    from cqfin_glossary.model import Entry, EntryStatus

    approved = EntryStatus.APPROVED
    matcher = Matcher.from_entries([
        Entry("plan-33618", approved, zh=[Term("33618现代制造业集群体系")],
              en=[Term("33618 modern manufacturing cluster system")]),
        Entry("modern-manufacturing", approved, zh=[Term("现代制造业")],
              en=[Term("modern manufacturing")])])
    english = "the 33618 modern manufacturing cluster system"
    for zh in ("推进“33618”现代制造业集群体系", "推進「33618」現代製造業集群體系",
               '推进"33618"现代制造业集群体系', "推进33618现代制造业集群体系"):
        assert _check(matcher, (zh, english)) == []
    assert _check(matcher, ("推进“33618”现代制造业集群体系", "modern manufacturing")) == [
        (1, "missing", "plan-33618", "modern manufacturing")]  # only part of it


def test_a_term_held_in_traditional_is_checked_in_simplified_text() -> None:
    """A glossary term written in Traditional by hand was never found in Simplified text."""
    from cqfin_glossary.model import Entry, EntryStatus

    matcher = Matcher.from_entries([Entry("qianlima", EntryStatus.APPROVED,
                                          zh=[Term("千里馬計劃")], en=[Term("Qianlima plan")])])
    assert _check(matcher, ("千里马计划启动。", "The plan started.")) == [
        (1, "missing", "qianlima", "")]


def test_deprecated_is_flagged_even_beside_the_preferred(matcher: Matcher) -> None:
    problems = _check(matcher, ("千里马计划",
                                "The Qianlima initiative, once the Thousand-Li Horse plan"))
    assert [(p[1], p[3]) for p in problems] == [("deprecated", "Thousand-Li Horse plan")]


def test_short_term_inside_long_one_needs_no_rendering_of_its_own(matcher: Matcher) -> None:
    assert _check(matcher, ("西部金融中心建设提速。", "The Western Financial Center grows."),
                  ("科技贷款余额增长。", "Technology loans grew.")) == []


def test_one_term_rendered_two_ways_across_the_file(matcher: Matcher) -> None:
    problems = _check(matcher,
                      ("普惠贷款增长。", "Inclusive finance loans grew."),
                      ("普惠贷款下降。", "Inclusive loans fell."),
                      ("渝金盾上线。", "The Yujindun risk brain went live."),
                      ("渝金盾升级。", "The risk brain was upgraded."))  # a short form: fine
    assert problems == [(1, "inconsistent", "inclusive-loan", "Inclusive finance loans")]


def test_another_terms_english_for_this_term(matcher: Matcher) -> None:
    problems = _check(matcher, ("渝金通上线。", "The Yujindun risk brain went live."))
    assert problems == [(1, "same-rendering", "yujintong", "Yujindun risk brain")]


def test_one_rendering_for_two_terms_across_the_file() -> None:
    entries = [store.load(QA_GLOSSARY).get("loan")]
    twin = store.load(QA_GLOSSARY).get("sci-tech-loan")
    assert twin is not None and entries[0] is not None
    twin.en.insert(0, Term("loan", TermStatus.ADMITTED))  # English the two terms share
    twin.en[1].status = TermStatus.DEPRECATED  # ... and the twin's own, given up
    matcher = Matcher.from_entries([entries[0], twin])
    problems = _check(matcher, ("贷款增长。", "Loans grew."), ("科技贷款增长。", "Loans grew."))
    assert [(p[0], p[1], p[2]) for p in problems] == []  # the glossary says so: see below
    twin.en[0].status = TermStatus.DEPRECATED
    twin.en[1].status = TermStatus.PREFERRED
    matcher = Matcher.from_entries([entries[0], twin])
    problems = _check(matcher, ("贷款增长。", "Loans grew."), ("科技贷款增长。", "Loans grew."))
    assert ("same-rendering", "sci-tech-loan") in [(p[1], p[2]) for p in problems]


def test_english_the_glossary_gives_two_terms_is_no_shared_rendering() -> None:
    """副局长 and 副主任 are both 'Deputy Director' in the shipped glossary: a translation that
    used it for both was told the rendering 'also renders 副局长', which only the glossary
    can change."""
    glossary = store.load(Path(__file__).parent.parent / "glossary")
    matcher = Matcher.from_entries(glossary)
    problems = _check(matcher, ("重庆市分局副局长出席。", "The Deputy Director attended."),
                      ("市委金融办副主任讲话。", "The Deputy Director spoke."))
    assert problems == []


def test_a_homograph_shares_the_rendering_of_a_term_with_one_english() -> None:
    """An entry with one approved English still has its uses kept when one of its
    spellings belongs to another entry too: that entry's term can take its English."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    fund = Entry("fund", EntryStatus.APPROVED, zh=[Term("基金"), Term("基金会")],
                 en=[Term("fund")])
    foundation = Entry("foundation", EntryStatus.APPROVED, zh=[Term("基金会")],
                       en=[Term("foundation")])
    matcher = Matcher.from_entries([foundation, fund])
    problems = _check(matcher, ("基金增长。", "The fund grew."),
                      ("基金会成立。", "The fund began."))
    assert [(p[0], p[1], p[2]) for p in problems] == [(2, "same-rendering", "foundation")]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_aligned_po_tsv_and_jsonl_inputs_agree(tmp_path: Path) -> None:
    zh, en = ["渝金盾上线。", "普惠贷款增长。"], ["Yujindun risk brain is live.", "Loans grew."]
    src = _write(tmp_path / "s.txt", "\n".join(zh) + "\n", "gb18030")
    tgt = _write(tmp_path / "t.txt", "\n".join(en) + "\n")
    pairs = list(zip(zh, en, strict=True))
    po = _write(tmp_path / "m.po", 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8'
                '\\n"\n\n'
                + "".join(f'msgid "{z}"\nmsgstr "{e}"\n\n' for z, e in pairs))
    tsv = _write(tmp_path / "p.tsv",
                 "id\ten\tzh\n" + "".join(f"{i}\t{e}\t{z}\n" for i, (z, e) in enumerate(pairs)))
    jsonl = _write(tmp_path / "p.jsonl", "".join(json.dumps({"zh": z, "en": e}, ensure_ascii=False)
                                                 + "\n" for z, e in pairs))
    for segments in (read_segments(src, tgt), read_segments(po), read_segments(tsv),
                     read_segments(jsonl)):
        assert [(s.source, s.target) for s in segments] == pairs


@pytest.mark.parametrize("name, content, line, error", [
    ("bad.po", 'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n', 4, FormatError),
    ("bad2.po", 'msgid "a"\nmsgstr "b"\nnonsense here\n', 3, FormatError),
    ("bad.jsonl", '{"zh": "a", "en": "b"}\n{"zh": "a",\n', 2, FormatError),
    ("nofields.jsonl", '{"zh": "a", "en": "b"}\n{"text": "a"}\n', 2, FormatError),
    ("short.tsv", "zh\ten\na\tb\nonly one column\n", 3, FormatError),
])
def test_broken_files_name_file_and_line(tmp_path: Path, name: str, content: str, line: int,
                                         error: type) -> None:
    with pytest.raises(error) as caught:
        read_segments(_write(tmp_path / name, content))
    assert caught.value.line == line and caught.value.file.endswith(name)


def test_misaligned_and_mixed_encoding_files(tmp_path: Path) -> None:
    src = _write(tmp_path / "s.txt", "一\n二\n三\n")
    with pytest.raises(FormatError, match="not aligned") as caught:
        read_segments(src, _write(tmp_path / "t.txt", "one\ntwo\n"))
    assert caught.value.line == 3
    mixed = tmp_path / "m.txt"
    mixed.write_bytes("渝金盾\n".encode() + "普惠贷款\n".encode("gb18030"))
    with pytest.raises(EncodingError, match="mixed encodings") as caught:
        read_segments(mixed, src)
    assert caught.value.line == 2


def test_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "s.txt", "渝金盾上线。\n千里马计划\n")
    good = _write(tmp_path / "good.txt", "The risk brain is live.\nThe Qianlima initiative\n")
    bad = _write(tmp_path / "bad.txt", "The Yujindun shield is live.\nThe horse plan\n")
    g = ["--glossary", str(QA_GLOSSARY)]
    assert main([*g, "check", str(src), str(good)]) == 0
    assert "clean" in capsys.readouterr().out
    assert main([*g, "check", "--json", str(src), str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(p["segment"], p["kind"], p["expected"]) for p in report["problems"]] == [
        (1, "deprecated", "Yujindun risk brain"), (2, "missing", "Qianlima initiative")]
    assert main([*g, "check", str(src), str(_write(tmp_path / "one.txt", "x\n"))]) == 2
    assert "not aligned" in capsys.readouterr().err
    assert main([*g, "check", str(tmp_path / "absent.po")]) == 2


def test_annotate_marks_terms_and_lists_offsets(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = "西部金融中心與渝金盾\nthe risk brain and the Yujindun shield\n"
    path = _write(tmp_path / "a.txt", text)
    g = ["--glossary", str(QA_GLOSSARY)]
    assert main([*g, "annotate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "西部金融中心[Western Financial Center]與渝金盾[Yujindun risk brain]" in out
    assert "risk brain[渝金盾]" in out and "Yujindun shield[渝金盾: deprecated, use" in out
    assert main([*g, "annotate", "--format", "json", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(text[r["start"]:r["end"]] == r["matched"] for r in rows)
    assert [r["entry"] for r in rows] == ["western-financial-center", "yujindun", "yujindun",
                                          "yujindun"]
    assert main([*g, "annotate", "--format", "tsv", str(path)]) == 0
    tsv = capsys.readouterr().out.splitlines()
    assert tsv[0].startswith("start\tend") and tsv[1].split("\t")[:2] == ["0", "6"]
    assert main([*g, "annotate", str(_write(tmp_path / "none.txt", "nothing here"))]) == 1


# Glossary terms of both languages, words around them, and characters annotate must escape.
PIECES = ["西部金融中心", "金融中心", "渝金盾", "貸款", "普惠贷款", "人", "与", "，", " the ",
          "risk brain", "Yujindun shield", "Western Financial Centers", "loans", "5G", "\n",
          "\x1b[31m", "\u202e", "，risk"]


@pytest.fixture(scope="module")
def both_scripts() -> Matcher:
    """The QA glossary and a term spelt the same in both languages, so spans can coincide."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    same = Entry("five-g", EntryStatus.APPROVED, zh=[Term("5G")], en=[Term("5G")])
    return Matcher.from_entries([*store.load(QA_GLOSSARY), same])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_annotate_plain_and_coloured_marks_agree(both_scripts: Matcher,
                                                 pieces: list[str]) -> None:
    """The plain output is one pass over the spans, the coloured one escapes piece by
    piece: without the colour codes they must say the same, term for term."""
    from cqfin_glossary.cli.annotate_cmd import annotate

    matcher = both_scripts
    text = "".join(pieces)
    plain, found = annotate(text, matcher)
    coloured, again = annotate(text, matcher, color=True)
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain
    assert found == again == len(matcher.find(text))


def test_a_near_miss_is_still_missing_but_shows_what_was_written(matcher: Matcher) -> None:
    problems = _check(matcher, ("西部金融中心建设。", "Building the Western Financial Centre."),
                      ("渝车出海。", "Cars go abroad."))
    assert problems == [(1, "missing", "western-financial-center", "Western Financial Centre"),
                        (2, "missing", "yucheshuhai", "")]
    # the alignment may begin on the space before the name: the word before is no part of it
    assert _check(matcher, ("西部金融中心", "Build the Western Financial Centre in it"))[0][3] \
        == "Western Financial Centre"


def test_a_near_miss_is_a_misspelling_word_for_word_never_another_phrase() -> None:
    """A helper checking official translations met 'nurture industries (spelling?)' for 未来
    产业 ('future industries') in 'to nurture industries of the future', and 'tech
    enterprises (spelling?)', an admitted rendering, cut out of 'sci-tech enterprises'."""
    from conftest import GLOSSARY

    matcher = Matcher.from_entries(store.load(GLOSSARY))
    assert _check(matcher, ("培育未来产业。", "To nurture industries of the future.")) == [
        (1, "missing", "future-industries", "")]
    found = _check(matcher, ("支持科技型企业上市。", "Support sci-tech enterprises in listing."))
    assert [(kind, quote) for _, kind, _, quote in found] == [("missing", "")]
    assert _check(matcher, ("建设西部金融中心。", "Build the Westren Financial Centre."))[0][3] \
        == "Westren Financial Centre"


def test_a_term_wrapped_across_lines_or_split_by_an_invisible_character_is_found(
        matcher: Matcher, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """西部金融 + line break + 中心 in an XLIFF source was no term at all, so its deprecated
    English passed as clean; so did 渝金盾 with a zero-width space inside. A quote across
    a line break printed a raw line break into the table."""
    problems = _check(matcher, ("西部金融\n  中心建设。", "West China Finance Hub building."),
                      ("渝金\u200b盾上线。", "Yujindun shield went live."))
    assert [(p[1], p[2]) for p in problems] == [
        ("deprecated", "western-financial-center"), ("deprecated", "yujindun")]
    rows = tmp_path / "t.jsonl"
    rows.write_text('{"zh": "西部金融中心建设。", "en": "West China\\nFinance Hub grew."}\n',
                    encoding="utf-8")
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(rows)]) == 1
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 4 and "West China Finance Hub" in table[2]


def test_po_plural_entries_use_the_first_form_and_skip_untranslated(tmp_path: Path) -> None:
    po = _write(tmp_path / "p.po", 'msgid ""\nmsgstr ""\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                'msgid "渝金盾"\nmsgid_plural "渝金盾"\n'
                'msgstr[0] "risk brains"\n\nmsgid "渝金通"\nmsgstr ""\n')
    segments = read_segments(po)
    assert [(s.number, s.source, s.target, s.line) for s in segments] == [
        (1, "渝金盾", "risk brains", 8)]


def test_a_po_problem_names_the_line_of_its_msgstr(tmp_path: Path) -> None:
    """polib gives where an entry starts (its '#, fuzzy' line), and 0 for a first entry with
    no header before it; a problem names the line of its target."""
    po = _write(tmp_path / "p.po", 'msgid "渝金盾上线"\nmsgstr "Yujindun went live"\n\n'
                '#, fuzzy\n#: a.c:1\nmsgid "渝金通"\n"上线"\nmsgstr "Yujintong "\n"went live"\n')
    assert [(s.number, s.line) for s in read_segments(po)] == [(1, 2), (2, 8)]


_ZH = ["渝金盾", "金盾", "千里马", "里马", "陆海通道", "通道", "智融", "惠畅", "智融惠畅"]
# Renderings inside others, and overlapping others ("risk brain" / "brain corridor"), so that
# a term's English can lose words to another term's in some texts.
_EN = ["risk brain", "brain", "Qianlima", "corridor", "land sea corridor", "new corridor",
       "smart finance", "finance", "smooth", "brain corridor", "corridor smooth"]


@st.composite
def _glossary_and_pairs(draw: st.DrawFn) -> tuple[list, list[Segment]]:
    from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus

    statuses = [TermStatus.PREFERRED, TermStatus.ADMITTED, TermStatus.DEPRECATED]
    entries = []
    # not unique: two entries may share a Chinese term (homographs)
    for n, zh in enumerate(draw(st.lists(st.sampled_from(_ZH), min_size=1, max_size=6))):
        english = draw(st.lists(st.sampled_from(_EN), min_size=1, max_size=3, unique=True))
        entries.append(Entry(f"e{n}", EntryStatus.APPROVED, zh=[Term(zh)],
                             en=[Term(e, draw(st.sampled_from(statuses))) for e in english]))
    pairs = []
    for n in range(draw(st.integers(1, 8))):
        # 渝金盾 also in Traditional (渝金盾 and 陸海通道 derive from their Simplified forms)
        zh = "，".join(draw(st.lists(st.sampled_from([*_ZH, "陸海通道", "發展", "发展"]),
                                    max_size=4)))
        # " ": renderings run together; "-": into compounds (a term never starts or ends inside one)
        joint = draw(st.sampled_from([" and the ", " ", ", ", "-"]))
        en = joint.join(draw(st.lists(st.sampled_from([*_EN, "plan"]), max_size=4)))
        pairs.append(Segment(n + 1, zh, en, "f"))
    return entries, pairs


@settings(max_examples=100, deadline=None)  # each example builds two matchers (~0.1 s each)
@given(_glossary_and_pairs())
def test_settling_a_term_is_only_a_shortcut(case: tuple[list, list[Segment]]) -> None:
    """check skips the uses of a settled term (one entry, renderings that can never clash)
    and settles a whole segment at once when it can, by substring tests of its English
    where no other term can take its words (matchvalues._probes): the problems must be those
    found when no term is settled and every term takes the long way."""
    import cqfin_glossary.match as match

    entries, pairs = case
    quick = Matcher.from_entries(entries)
    settle = match._may_clash
    match._may_clash = lambda zh, en: {e.id for e in entries}  # type: ignore[assignment]
    try:
        slow = Matcher.from_entries(entries)
    finally:
        match._may_clash = settle
    assert check(pairs, quick).problems == check(pairs, slow).problems
    assert check(pairs, quick).terms == check(pairs, slow).terms


def test_a_rendering_that_can_lose_words_to_another_is_never_probed() -> None:
    from cqfin_glossary.matchvalues import _automaton, _exposed
    from cqfin_glossary.wordkeys import term_chain

    keys = [term_chain(t) for t in ("risk brain", "brain", "brain corridor", "land sea corridor",
                                    "sea", "green bond", "bond bond")]
    exposed = _exposed(keys, _automaton({k: (len(k),) for k in keys}))
    # inside a longer key: brain, sea; first words another's last: brain corridor (risk brain),
    # bond bond (green bond, and itself)
    assert exposed == {term_chain(t) for t in ("brain", "sea", "brain corridor", "bond bond")}


def test_a_rendering_inside_another_terms_is_found_one_overlapped_is_not() -> None:
    """The English a term needs may stand in the target only as words of another term's
    English. Whole inside it, the term is rendered: the translator said more than the
    source ("more proactive fiscal policy" for 积极的财政政策). Overlapped by it from the
    left, the words are not the rendering: leftmost-longest gives them to the other term,
    and the first is missing, however the pair is checked; the other term's Chinese shares
    nothing with it, so that is no confusion of the two."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    entries = [Entry("e1", EntryStatus.APPROVED, zh=[Term("金盾")], en=[Term("brain")]),
               Entry("e2", EntryStatus.APPROVED, zh=[Term("渝金盾")], en=[Term("risk brain")]),
               Entry("e3", EntryStatus.APPROVED, zh=[Term("通道")], en=[Term("corridor smooth")]),
               Entry("e4", EntryStatus.APPROVED, zh=[Term("智融")], en=[Term("brain corridor")])]
    matcher = Matcher.from_entries(entries)
    assert [(p.segment, p.kind, p.entry) for p in check([
        Segment(1, "金盾上线。", "The risk brain went live.", "t"),
        Segment(2, "通道畅通。", "The brain corridor smooth is open.", "t"),
        Segment(3, "金盾和通道。", "The brain and the corridor smooth.", "t"),
    ], matcher).problems] == [(2, "missing", "e3")]


def test_a_rendering_inside_another_terms_english_counts_but_not_inside_a_compound() -> None:
    """Found on an official translation (Government Work Reports): "more proactive fiscal
    policy" renders 积极的财政政策, though the glossary gives it to 更加积极的财政政策.
    A rendering held by a longer term still may not start on a hyphen-joined word: there
    科技企业 has 高新技术企业's English, and the two share 企业, a likely confusion."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    entries = [Entry("pro", EntryStatus.APPROVED, zh=[Term("积极的财政政策")],
                     en=[Term("proactive fiscal policy")]),
               Entry("more", EntryStatus.APPROVED, zh=[Term("更加积极的财政政策")],
                     en=[Term("more proactive fiscal policy")]),
               Entry("tech", EntryStatus.APPROVED, zh=[Term("科技企业")],
                     en=[Term("tech enterprises")]),
               Entry("hightech", EntryStatus.APPROVED, zh=[Term("高新技术企业")],
                     en=[Term("high-tech enterprises")])]
    matcher = Matcher.from_entries(entries)
    problems = check([
        Segment(1, "积极的财政政策要提质增效。", "A more proactive fiscal policy will be pursued.",
                "t"),
        Segment(2, "支持科技企业。", "We will support high-tech enterprises.", "t"),
    ], matcher).problems
    assert [(p.segment, p.kind, p.entry, p.message) for p in problems] == [
        (2, "same-rendering", "tech", "rendered with the English of 高新技术企业")]


def test_the_english_of_an_overlapped_source_term_is_no_confusion() -> None:
    """In 深度贫困地区 the matcher takes 深度贫困 (leftmost), leaving out 贫困地区 that
    overlaps it; "deeply impoverished areas" is then 贫困地区's English, not 深度贫困
    rendered with another term's English: 深度贫困 is simply missing its own. Found on an
    official translation (Government Work Report 2018)."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    entries = [Entry("deep", EntryStatus.APPROVED, zh=[Term("深度贫困")],
                     en=[Term("extreme poverty")]),
               Entry("areas", EntryStatus.APPROVED, zh=[Term("贫困地区")],
                     en=[Term("impoverished areas")])]
    segments = [Segment(1, "深度贫困地区脱贫攻坚困难较多。",
                        "In deeply impoverished areas, we still face many difficulties.", "t"),
                Segment(2, "深度贫困问题。", "The problem of impoverished areas.", "t")]
    problems = check(segments, Matcher.from_entries(entries)).problems
    assert [(p.segment, p.kind, p.entry) for p in problems] == [
        (1, "missing", "deep"), (2, "same-rendering", "deep")]


def test_a_rendering_cut_short_to_a_nested_terms_english_is_only_part() -> None:
    """The check for overlapped terms above must not hide a truncated rendering: 精准扶贫
    inside 精准扶贫贷款 is held by the source too, and its English standing alone in the
    target is the longer term's rendering cut short."""
    from cqfin_glossary.model import Entry, EntryStatus, Term

    entries = [Entry("loans", EntryStatus.APPROVED, zh=[Term("精准扶贫贷款")],
                     en=[Term("targeted poverty alleviation loans")]),
               Entry("tpa", EntryStatus.APPROVED, zh=[Term("精准扶贫")],
                     en=[Term("targeted poverty alleviation")])]
    pair = Segment(1, "发放精准扶贫贷款。", "Extend targeted poverty alleviation.", "t")
    problems = check([pair], Matcher.from_entries(entries)).problems
    assert [(p.kind, p.entry, p.found, p.message) for p in problems] == [
        ("missing", "loans", "targeted poverty alleviation", "only part of the rendering")]


def test_two_renderings_joined_only_by_their_word_keys_are_no_shared_rendering() -> None:
    """'cross-border finance' (跨境金融) and 'cross-border financing' (跨境融资) have one word-key
    chain: written as the glossary gives them, they were reported as one English rendering
    standing for two terms. 'Deputy Director', which the glossary gives both 副局长 and
    副主任, is no shared rendering at all (the shipped glossary holds all four)."""
    from conftest import GLOSSARY

    matcher = Matcher.from_entries(store.load(GLOSSARY))
    assert _check(matcher, ("重庆发展跨境金融。", "Chongqing develops cross-border finance."),
                  ("企业开展跨境融资。", "Enterprises carry out cross-border financing.")) == []
    assert _check(matcher, ("副局长张三和副主任李四出席。",
                            "Deputy Director Zhang San and Deputy Director Li Si attended.")) == []


def test_a_deprecated_spelling_that_differs_only_by_an_apostrophe_is_reported() -> None:
    """'Peoples Bank of China ...' (deprecated in the shipped glossary: 'keep the
    apostrophe') has the word keys of the admitted 'People's Bank of China ...': it passed
    as clean, and beside the admitted one it was reported as 'inconsistent'."""
    from conftest import GLOSSARY

    matcher = Matcher.from_entries(store.load(GLOSSARY))
    found = _check(matcher,
                   ("中国人民银行重庆市分行发布通知。",
                    "The Peoples Bank of China Chongqing Municipal Branch issued a notice."),
                   ("中国人民银行重庆市分行召开会议。",
                    "The People's Bank of China Chongqing Municipal Branch held a meeting."))
    assert [(n, kind) for n, kind, _, _ in found] == [(1, "deprecated")]
    assert found[0][3] == "Peoples Bank of China Chongqing Municipal Branch"


@pytest.mark.parametrize("name", ["e.po", "e.tsv", "e.jsonl", "e.xlf", "e.tmx"])
def test_an_empty_translation_file_is_an_error_in_every_format(tmp_path: Path, name: str,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    """An empty PO, TSV or JSONL passed as '0 segments: clean' (exit 0), an empty XLIFF or TMX
    was an error; a last blank line on one side of a pair was a misalignment."""
    path = _write(tmp_path / name, "")
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err
    zh = _write(tmp_path / "a.zh.txt", "渝金盾上线。\n")
    en = _write(tmp_path / "a.en.txt", "The Yujindun risk brain went live.\n\n")
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(zh), str(en)]) == 0


def test_a_folder_as_target_or_standard_input_is_named_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'check a.zh.txt folder/' said 'cannot tell the format of a.zh.txt', blaming the
    source; 'check - b.en.txt' said '-: no such file'."""
    zh = _write(tmp_path / "a.zh.txt", "渝金盾上线。\n")
    folder = tmp_path / "b.en.txt"
    folder.mkdir()
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(zh), str(folder)]) == 2
    assert capsys.readouterr().err == (f"cqfin-glossary: error: {folder}: is a folder: check "
                                       "SOURCE TARGET takes two plain-text files\n")
    assert main(["--glossary", str(QA_GLOSSARY), "check", "-", str(zh)]) == 2
    assert "standard input is not read" in capsys.readouterr().err


def test_two_entries_whose_english_differs_only_by_an_inflection_are_told_apart() -> None:
    """'cross-border finance' (跨境金融) and 'cross-border financing' (跨境融资) share the
    keys of their words: each term passed with the other's English, and annotate gave
    either text the first entry."""
    from cqfin_glossary.model import Entry, EntryStatus

    matcher = Matcher.from_entries([
        Entry("finance", EntryStatus.APPROVED, zh=[Term("跨境金融")],
              en=[Term("cross-border finance")]),
        Entry("financing", EntryStatus.APPROVED, zh=[Term("跨境融资")],
              en=[Term("cross-border financing")])])
    found = _check(matcher, ("促进跨境融资。", "Promote cross-border finance."),
                   ("发展跨境金融。", "Develop cross-border financing."),
                   ("发展跨境金融。", "Develop Cross-Border Finance."),
                   ("扩大跨境融资。", "Expand cross-border financing."))
    assert [(n, kind, entry) for n, kind, entry, _ in found] == [
        (1, "same-rendering", "financing"), (2, "same-rendering", "finance")]
    assert [h.ids for h in matcher.find_en("cross-border financing and cross-border finance")] \
        == [("financing",), ("finance",)]
    # a spelling of neither (an inflection) still renders both
    assert _check(matcher, ("扩大跨境融资。", "Expand cross-border finances.")) == []


@pytest.mark.parametrize("command", [["check", "PAIRS"], ["annotate", "PAIRS"], ["validate"],
                                     ["lookup", "金融"], ["export", "--format", "po"]])
def test_a_folder_without_glossary_files_is_an_error(tmp_path: Path, command: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong --glossary (an empty folder) checked every translation clean, exit 0."""
    empty = tmp_path / "empty"
    empty.mkdir()
    pairs = tmp_path / "p.tsv"
    pairs.write_text("zh\ten\n中国人民银行发布数据。\tThe PBOC released data.\n", encoding="utf-8")
    argv = ["--glossary", str(empty)] + [str(pairs) if a == "PAIRS" else a for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{empty}: holds no glossary files" in err and err.count("\n") == 1
