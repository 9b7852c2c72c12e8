"""check reads the bilingual files CAT tools export: XLIFF 1.2 (plain and with marked
segments, as SDLXLIFF and memoQ write them), XLIFF 2.x and TMX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqfin_glossary.cli import main
from cqfin_glossary.errors import FormatError
from cqfin_glossary.segments import read_segments

QA_GLOSSARY = Path(__file__).parent / "data" / "qa" / "glossary"

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en-US" datatype="plaintext" original="a.docx">
    <body>
      <group id="g1">
        <trans-unit id="1">
          <source>推动<g id="1">渝金盾</g>建设<ph id="2">&lt;br/&gt;</ph>。</source>
          <target>Build the <g id="1">Yujindun risk brain</g><ph id="2">&lt;br/&gt;</ph>.</target>
        </trans-unit>
      </group>
      <trans-unit id="2"><source>千里马计划</source></trans-unit>
      <trans-unit id="3" translate="no"><source>渝金盾</source><target>X</target></trans-unit>
      <trans-unit id="4">
        <source>千里马计划<x id="3"/>上线</source>
        <target>The horse<x id="3"/> plan is live</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

SDLXLIFF = """<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2"
       xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="b.docx" source-language="zh-CN" target-language="en-US"
      datatype="x-sdlfilterframework2">
<body>
<trans-unit id="u1">
<source>渝金盾上线。千里马计划启动。</source>
<seg-source><mrk mtype="seg" mid="1">渝金盾上线。</mrk>
  <mrk mtype="seg" mid="2">千里马计划启动。</mrk></seg-source>
<target><mrk mtype="seg" mid="1">The risk brain is live.</mrk>
  <mrk mtype="seg" mid="2">The horse plan starts.</mrk></target>
</trans-unit>
</body>
</file>
</xliff>
"""

XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <originalData><data id="d1">&lt;b&gt;</data></originalData>
      <segment id="s1">
        <source><pc id="1">渝金盾</pc>上线<ph id="2" dataRef="d1"/></source>
        <target><pc id="1">Yujindun risk brain</pc> is live<ph id="2"
          dataRef="d1"/><cp hex="0021"/></target>
      </segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2">
        <source>千里马计划</source>
        <target>the Qianlima initiative</target>
      </segment>
      <segment id="s3"><source>千里马计划</source><target></target></segment>
    </unit>
  </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="zh-CN"><seg>渝金盾<bpt i="1">&lt;b&gt;</bpt>上线<ept
        i="1">&lt;/b&gt;</ept></seg></tuv>
        <tuv xml:lang="en-US"><seg>The <hi>Yujindun shield</hi> is live</seg></tuv></tu>
    <tu><tuv xml:lang="zh-CN"><seg>千里马计划</seg></tuv>
        <tuv xml:lang="fr-FR"><seg>Le plan</seg></tuv></tu>
    <tu><tuv xml:lang="en-GB"><seg>the Qianlima initiative</seg></tuv>
        <tuv xml:lang="zh-Hans-CN"><seg>千里马计划</seg></tuv></tu>
  </body>
</tmx>
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _pairs(path: Path) -> list[tuple[str, str, int | None]]:
    return [(s.source, s.target, s.line) for s in read_segments(path)]


def test_xliff12_units_in_groups_without_codes_untranslated_and_locked_skipped(
        tmp_path: Path) -> None:
    assert _pairs(_write(tmp_path / "a.xlf", XLIFF12)) == [
        ("推动渝金盾建设。", "Build the Yujindun risk brain.", 8),
        ("千里马计划上线", "The horse plan is live", 15)]


def test_marked_segments_of_sdlxliff_are_segments(tmp_path: Path) -> None:
    assert [(s.number, s.source, s.target)
            for s in read_segments(_write(tmp_path / "b.sdlxliff", SDLXLIFF))] == [
        (1, "渝金盾上线。", "The risk brain is live."),
        (2, "千里马计划启动。", "The horse plan starts.")]


def test_xliff2_segments_with_paired_codes_placeholders_and_code_points(tmp_path: Path) -> None:
    assert [(s, t) for s, t, _ in _pairs(_write(tmp_path / "c.xliff", XLIFF2))] == [
        ("渝金盾上线", "Yujindun risk brain is live!"), ("千里马计划", "the Qianlima initiative")]


def test_tmx_pairs_chinese_with_english_whatever_their_order_and_region(tmp_path: Path) -> None:
    assert [(s, t) for s, t, _ in _pairs(_write(tmp_path / "d.tmx", TMX))] == [
        ("渝金盾上线", "The Yujindun shield is live"), ("千里马计划", "the Qianlima initiative")]


def test_the_units_are_those_translate_toolkit_reads(tmp_path: Path) -> None:
    """The tool the files are meant for sees the same units (its text keeps the codes' content,
    which is markup; files without codes must agree exactly)."""
    from translate.storage import factory

    plain = XLIFF12.replace('<ph id="2">&lt;br/&gt;</ph>', "").replace('<x id="3"/>', "")
    for name, text in (("p.xlf", plain), ("p.tmx", TMX.replace(
            '<bpt i="1">&lt;b&gt;</bpt>', "").replace('<ept\n        i="1">&lt;/b&gt;</ept>', ""))):
        path = _write(tmp_path / name, text)
        theirs = [(u.source, u.target) for u in factory.getobject(str(path)).units
                  if u.source and u.target and not u.isheader()]
        ours = [(s.source, s.target) for s in read_segments(path)]
        if name.endswith(".xlf"):
            theirs = [(s, t) for s, t in theirs if t != "X"]  # translate="no": not to check
            assert ours == theirs
        else:  # translate-toolkit pairs the first two variants; the fr one is not English
            assert ours[0] == theirs[0]


@pytest.mark.parametrize("name, text, message, line", [
    ("en.xlf", XLIFF12.replace('source-language="zh-CN" target-language="en-US"',
                               'source-language="en-US" target-language="zh-CN"'),
     "target language is zh-CN", 3),
    ("fr-en.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n<file source-language="fr" '
     'target-language="en"><body>\n<trans-unit id="1"><source>Le plan</source>'
     '<target>The plan</target></trans-unit></body></file></xliff>\n',
     "source language is fr and the sources are not Chinese", 3),
    ("de.xliff", XLIFF2.replace('trgLang="en"', 'trgLang="de"'), "target language is de", 2),
    ("broken.xlf", XLIFF12.replace("</group>", ""), "malformed XML", 17),  # </body> mismatched
    ("notx.xlf", "<?xml version='1.0'?>\n<html><body/></html>\n", "not an XLIFF file", 2),
    ("fr.tmx", TMX.replace("en-US", "fr-FR").replace("en-GB", "de-DE"),
     "no translation unit with both Chinese and English", 2),
    ("bomb.tmx", '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaa">]>\n<tmx>&a;</tmx>\n',
     "entity declarations refused", 2),
], ids=["reversed", "english-sources", "german-target", "malformed", "not-xliff", "no-english",
        "entities"])
def test_bad_files_are_refused_naming_file_and_line(tmp_path: Path, name: str, text: str,
                                                    message: str, line: int | None) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        read_segments(_write(tmp_path / name, text))
    assert caught.value.file.endswith(name) and caught.value.line == line


def test_chinese_sources_declared_english_by_a_converter_are_read(tmp_path: Path) -> None:
    """po2xliff declares en-US when it is not told the source language."""
    text = XLIFF12.replace('source-language="zh-CN"', 'source-language="en-US"')
    assert _pairs(_write(tmp_path / "po2xliff.xlf", text)) == _pairs(
        _write(tmp_path / "a.xlf", XLIFF12))


def test_a_binary_file_with_an_xliff_name_is_one_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "x.xlf" in err[0] and "malformed XML" in err[0]


def test_check_of_an_xliff_file_reports_problems_at_their_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "a.xlf", XLIFF12)
    assert main(["--glossary", str(QA_GLOSSARY), "check", "--json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(p["segment"], p["line"], p["kind"], p["entry"]) for p in report["problems"]] == [
        (2, 15, "missing", "qianlima")]


def test_the_miner_reads_xliff_and_tmx_as_sentence_pairs(tmp_path: Path) -> None:
    """A translation memory is the best parallel text there is: aligned by sentence."""
    from cqfin_glossary import corpus

    _write(tmp_path / "a.xlf", XLIFF12)
    _write(tmp_path / "d.tmx", TMX)
    errors: list[object] = []
    docs = {Path(d.source).name: d for d in corpus.iter_documents([tmp_path], errors.append)}
    assert not errors and set(docs) == {"a.xlf", "d.tmx"}
    assert all(doc.parallel for doc in docs.values())
    assert [(s.line, s.text, s.en) for s in docs["a.xlf"].segments] == [
        (8, "推动渝金盾建设。", "Build the Yujindun risk brain."),
        (11, "千里马计划", None),  # untranslated: its Chinese is still corpus text
        (15, "千里马计划上线", "The horse plan is live")]
    assert [(s.text, s.en) for s in docs["d.tmx"].segments] == [
        ("渝金盾上线", "The Yujindun shield is live"), ("千里马计划", None),
        ("千里马计划", "the Qianlima initiative")]


def test_mining_a_translation_memory_pairs_a_term_with_its_english(tmp_path: Path) -> None:
    from cqfin_glossary.mining import mine_corpus

    units = "".join(
        f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg>'
        f"</tuv></tu>\n" for zh, en in [
            ("重庆推出渝企出海综合服务平台。", "Chongqing launched the Chongqing Enterprises Going "
             "Global service platform."),
            ("渝企出海综合服务平台已服务企业三百家。", "The Chongqing Enterprises Going Global "
             "service platform has served 300 firms."),
            ("银行为渝企出海提供跨境结算。", "Banks provide cross-border settlement for "
             "Chongqing Enterprises Going Global."),
            ("渝企出海行动持续推进。", "The Chongqing Enterprises Going Global campaign "
             "continues.")] * 2)
    _write(tmp_path / "tm.tmx", f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh-CN"'
           f'/>\n<body>\n{units}</body></tmx>\n')
    found = {c.zh: c for c in mine_corpus([tmp_path], limit=50).chinese}
    assert "渝企出海" in found
    assert found["渝企出海"].suggestions[0].term == "Chongqing Enterprises Going Global"


def test_text_deleted_under_change_tracking_is_not_the_translation(tmp_path: Path) -> None:
    """A reviser replaced a deprecated rendering; Trados and memoQ keep the deleted words."""
    trados = XLIFF12.replace(
        '<target>The horse<x id="3"/> plan is live</target>',
        '<target><mrk mtype="seg" mid="1"><mrk mtype="x-sdl-deleted">The horse plan</mrk>'
        '<mrk mtype="x-sdl-added">The Qianlima initiative</mrk> is live</mrk></target>')
    trados = trados.replace('<source>千里马计划<x id="3"/>上线</source>',
                            '<source>千里马计划上线</source><seg-source><mrk mtype="seg" '
                            'mid="1">千里马计划上线</mrk></seg-source>')
    memoq = XLIFF12.replace(
        '<target>The horse<x id="3"/> plan is live</target>',
        '<target xmlns:mq="MQXliff"><mrk mtype="x-mq-tc" mq:tctype="del">The horse plan</mrk>'
        '<mrk mtype="x-mq-tc" mq:tctype="ins">The Qianlima initiative</mrk> is live</target>')
    for name, text in (("t.sdlxliff", trados), ("m.mqxliff", memoq)):
        assert _pairs(_write(tmp_path / name, text))[-1][:2] == (
            "千里马计划上线", "The Qianlima initiative is live")


def test_a_project_is_checked_at_once_across_its_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Consistency is a project's: 渝金盾 rendered one way in one file and another in the
    next is found only when both are checked together, folders included."""
    project = tmp_path / "project"
    (project / "b").mkdir(parents=True)
    for name, en in (("a.xlf", "the Yujindun risk brain"),
                     ("b/c.xlf", "the Chongqing financial risk shield")):
        _write(project / name, '<xliff version="1.2"><file source-language="zh-CN"><body>'
               '<trans-unit id="1"><source>千里马计划</source><target>the horse plan</target>'
               f'</trans-unit><trans-unit id="2"><source>渝金盾平台</source><target>{en}'
               '</target></trans-unit></body></file></xliff>\n')
    (project / ".hidden.xlf").write_text("not xml", encoding="utf-8")
    g = ["--glossary", str(QA_GLOSSARY)]
    for one in ("a.xlf", "b/c.xlf"):
        assert main([*g, "check", "--json", str(project / one)]) == 1
        kinds = {p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]}
        assert "inconsistent" not in kinds
    assert main([*g, "check", "--json", str(project)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(Path(p["file"]).name, p["kind"]) for p in problems if p["kind"] == "inconsistent"] \
        == [("c.xlf", "inconsistent")]
    # in reading order: the files as walked, then their segments
    assert [Path(p["file"]).name for p in problems] == sorted(
        (Path(p["file"]).name for p in problems), key=["a.xlf", "c.xlf"].index)
    assert main([*g, "check", str(project)]) == 1
    assert "c.xlf: " in capsys.readouterr().out  # several files: each row names its own


def test_files_that_hold_both_sides_are_never_taken_for_an_aligned_pair(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = ["--glossary", str(QA_GLOSSARY)]
    a, b = _write(tmp_path / "a.xlf", XLIFF12), _write(tmp_path / "b.tmx", TMX)
    assert main([*g, "check", "--json", str(a), str(b)]) == 1
    files = {Path(p["file"]).name for p in json.loads(capsys.readouterr().out)["problems"]}
    assert files == {"a.xlf", "b.tmx"}
    plain = _write(tmp_path / "x.txt", "渝金盾\n")
    assert main([*g, "check", str(a), str(plain), str(b)]) == 2
    assert "cannot tell the format of" in capsys.readouterr().err
    assert main([*g, "check", str(tmp_path / "empty")]) == 2  # no such folder
    (tmp_path / "empty").mkdir()
    assert main([*g, "check", str(tmp_path / "empty")]) == 2
    assert "no .po" in capsys.readouterr().err


def _xliff(units: str, languages: str = 'source-language="zh-CN" target-language="en-US"',
           encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<xliff version="1.2" xmlns:mq="MQ" '
            f'xmlns:sdl="SDL">\n<file {languages}><body>\n{units}\n</body></file>\n</xliff>\n')


UNIT = '<trans-unit id="{n}"><source>{zh}</source><target{state}>{en}</target></trans-unit>'


def _unit(n: int, zh: str, en: str, state: str = "", attrs: str = "") -> str:
    return UNIT.format(n=n, zh=zh, en=en, state=f' state="{state}"' if state else "").replace(
        f'id="{n}"', f'id="{n}"{attrs}', 1)


@pytest.mark.parametrize("encoding, zh", [("GB18030", "渝金盾上线"), ("GBK", "渝金盾上线"),
                                          ("gb2312", "渝金盾上线"), ("Big5", "渝金盾上線")])
def test_files_in_legacy_chinese_encodings_are_read_as_they_declare(
        tmp_path: Path, encoding: str, zh: str) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(_xliff(_unit(1, zh, "The risk brain is live"),
                            encoding=encoding).encode(encoding))
    assert _pairs(path) == [(zh, "The risk brain is live", 4)]


@pytest.mark.parametrize("data, message, line", [
    (_xliff(_unit(1, "渝金盾", "x"), encoding="x-foo").encode(), "unknown encoding 'x-foo'", 1),
    (_xliff(_unit(1, "渝金盾", "x"), encoding="Big5").encode("utf-8") + b"\xff\xff\n",
     "not valid Big5", 4),
], ids=["unknown", "wrong-bytes"])
def test_a_declared_encoding_that_cannot_be_read_is_one_error(
        tmp_path: Path, data: bytes, message: str, line: int) -> None:
    path = tmp_path / "a.xlf"
    path.write_bytes(data)
    with pytest.raises(FormatError, match=message) as caught:
        read_segments(path)
    assert caught.value.line == line


def test_a_large_embedded_original_is_no_malformed_xml(tmp_path: Path) -> None:
    """Trados keeps the source document as base64 in one text node, often over 10 MB."""
    original = ("<header><reference><internal-file form=\"base64\">" + "QUJD" * 3_000_000
                + "</internal-file></reference></header>")
    text = _xliff(_unit(1, "渝金盾上线", "The risk brain is live")).replace(
        "<body>", original + "<body>")
    assert len(_pairs(_write(tmp_path / "b.sdlxliff", text))) == 1


def test_each_file_of_an_xliff_is_judged_by_its_own_languages(tmp_path: Path) -> None:
    german = _xliff(_unit(1, "渝金盾", "Risikohirn"), 'source-language="zh-CN" '
                    'target-language="de-DE"').split("<file", 1)[1].rsplit("</file>", 1)[0]
    text = _xliff(_unit(1, "渝金盾", "the risk brain"),
                  'source-language="en-US" target-language="en"')  # as po2xliff writes it
    for both in (text.replace("</file>", f"</file>\n<file{german}</file>"),
                 text.replace("<file", f"<file{german}</file>\n<file", 1)):
        path = _write(tmp_path / "m.xlf", both)
        assert [(s, t) for s, t, _ in _pairs(path)] == [("渝金盾", "the risk brain")]
        from cqfin_glossary.segments_xml import read_units
        assert [t for _, _, t in read_units(path)] == ["the risk brain"]  # mining: no German
    only_german = _xliff(_unit(1, "渝金盾", "Risikohirn"),
                         'source-language="zh-CN" target-language="de-DE"')
    with pytest.raises(FormatError, match="target language is de-DE"):
        read_segments(_write(tmp_path / "de.xlf", only_german))


def test_untranslated_locked_and_header_units_are_not_checked(tmp_path: Path) -> None:
    units = "\n".join([
        _unit(1, "渝金盾上线", "The risk brain is live"),
        _unit(2, "千里马计划", "千里马计划", state="needs-translation"),
        _unit(3, "千里马计划", "the horse plan", state="needs-translation"),
        _unit(4, "千里马计划", "千里马计划"),  # the source copied into the target
        '<group translate="no"><group>' + _unit(5, "千里马计划", "the horse plan") + "</group>"
        "</group>",
        _unit(6, "千里马计划", "the horse plan", attrs=' mq:locked="locked"'),
        _unit(7, "Project-Id-Version: x", "Project-Id-Version: x",
              attrs=' restype="x-gettext-domain-header"'),
        '<trans-unit id="8"><source>千里马计划。渝金盾。</source><seg-source><mrk mtype="seg" '
        'mid="1">千里马计划。</mrk><mrk mtype="seg" mid="2">渝金盾。</mrk></seg-source><target>'
        '<mrk mtype="seg" mid="1">the horse plan.</mrk><mrk mtype="seg" mid="2">the risk brain.'
        '</mrk></target><sdl:seg-defs><sdl:seg id="1" locked="true"/><sdl:seg id="2"/>'
        "</sdl:seg-defs></trans-unit>",
        '<trans-unit id="9"><source>千里马计划</source><seg-source><mrk mtype="seg" mid="3">'
        '千里马计划</mrk></seg-source><target><mrk mtype="seg" mid="3">the horse plan</mrk>'
        '</target><sdl:seg-defs><sdl:seg id="3" locked="true"/></sdl:seg-defs></trans-unit>',
    ])
    assert [(s, t) for s, t, _ in _pairs(_write(tmp_path / "u.xlf", _xliff(units)))] == [
        ("渝金盾上线", "The risk brain is live"), ("渝金盾。", "the risk brain.")]
    xliff2 = XLIFF2.replace('<segment id="s2">', '<segment id="s2" state="initial">').replace(
        '<unit id="u1">', '<group id="g" translate="no"><unit id="u0"><segment><source>渝金盾'
        '</source><target>X</target></segment></unit></group><unit id="u1">')
    assert [s for s, _, _ in _pairs(_write(tmp_path / "v.xliff", xliff2))] == ["渝金盾上线"]


def test_an_xliff2_file_is_known_by_its_namespace_and_phrase_files_by_their_suffix(
        tmp_path: Path) -> None:
    unversioned = XLIFF2.replace(' version="2.0"', "")
    assert len(_pairs(_write(tmp_path / "c.xliff", unversioned))) == 2
    assert len(_pairs(_write(tmp_path / "job.mxliff", XLIFF12))) == 2


def test_rows_name_their_file_whenever_several_files_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = ["--glossary", str(QA_GLOSSARY)]
    bad = _write(tmp_path / "bad.xlf", _xliff(_unit(1, "千里马计划", "the horse plan")))
    clean = _write(tmp_path / "clean.xlf", _xliff(_unit(1, "渝金盾", "the risk brain")))
    assert main([*g, "check", str(bad), str(clean)]) == 1
    assert "bad.xlf: 1" in capsys.readouterr().out
    assert main([*g, "check", str(bad)]) == 1
    assert "bad.xlf" not in capsys.readouterr().out.split("\n", 2)[2]  # one file: no names
    assert main([*g, "check", "--json", str(tmp_path), str(bad)]) == 1  # bad.xlf read once
    assert json.loads(capsys.readouterr().out)["segments"] == 2


def test_a_placeholder_between_two_words_keeps_them_two(tmp_path: Path) -> None:
    units = "\n".join([
        _unit(1, "渝金盾<x id=\"1\"/>上线", "Yujindun<x id=\"1\" ctype=\"lb\"/>risk brain"),
        _unit(2, "渝金盾", "Yujin<bpt id=\"2\">&lt;b&gt;</bpt>dun<ept id=\"2\">&lt;/b&gt;</ept>"
                            "<ph id=\"3\">&lt;br/&gt;</ph>risk brain"),
    ])
    assert [(s, t) for s, t, _ in _pairs(_write(tmp_path / "p.xlf", _xliff(units)))] == [
        ("渝金盾上线", "Yujindun risk brain"), ("渝金盾", "Yujindun risk brain")]


def test_every_english_variant_of_a_tmx_unit_is_a_translation(tmp_path: Path) -> None:
    tmx = TMX.replace('<tuv xml:lang="en-US"><seg>The <hi>Yujindun shield</hi> is live</seg>'
                      "</tuv>", '<tuv xml:lang="en-GB"><seg>The risk brain is live</seg></tuv>'
                      '<tuv xml:lang="en-US"><seg>The Yujindun shield is live</seg></tuv>')
    assert [(s, t) for s, t, _ in _pairs(_write(tmp_path / "v.tmx", tmx))][:2] == [
        ("渝金盾上线", "The risk brain is live"), ("渝金盾上线", "The Yujindun shield is live")]


def test_a_line_break_in_a_file_name_does_not_split_its_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "odd\nname"
    folder.mkdir()
    bad = _write(folder / "a.xlf", _xliff(_unit(1, "千里马计划", "the horse plan")))
    other = _write(tmp_path / "b.xlf", _xliff(_unit(1, "千里马计划", "the horse plan")))
    assert main(["--glossary", str(QA_GLOSSARY), "check", str(bad), str(other)]) == 1
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 + 2 + 1 and "odd\\nname" in rows[2]
