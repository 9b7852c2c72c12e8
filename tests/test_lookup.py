"""Lookup in every mode, through the command line as a user types it, and the index refresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cqfin_glossary import index, store
from cqfin_glossary.cli import main


def run(capsys: pytest.CaptureFixture[str], glossary: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--glossary", str(glossary), *args])
    out, err = capsys.readouterr()
    return code, out, err


def ids(capsys: pytest.CaptureFixture[str], glossary: Path, query: str) -> list[tuple[str, str]]:
    code, out, _ = run(capsys, glossary, "lookup", "--json", query)
    data = json.loads(out)
    assert code == (0 if data["matches"] else 1)
    return [(m["id"], m["match"]) for m in data["matches"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("渝金盾", ("yujindun", "exact")),
        ("千里馬", ("qianlima", "exact")),  # Traditional finds Simplified
        ("西部金融中心", ("western-financial-center", "exact")),
        ("Yujindun Risk Brain", ("yujindun", "exact")),  # case-insensitive
        ("RISK BRAIN", ("yujindun", "exact")),  # an admitted rendering
        ("yujindun", ("yujindun", "exact")),  # pinyin without tones or spaces
        ("yú jīn dùn", ("yujindun", "exact")),  # with tone marks and spaces
        ("yu2 jin1 dun4", ("yujindun", "exact")),  # with tone numbers
        ("Chongqing Vehicles", ("yucheshuhai", "prefix")),
        ("西部金融", ("western-financial-center", "prefix")),
        ("金融中心", ("western-financial-center", "partial")),
        ("部金融中", ("western-financial-center", "partial")),  # characters inside a term
        ("里馬", ("qianlima", "partial")),  # inside a Traditional form
        ("jindun", ("yujindun", "partial")),  # pinyin from a syllable on
        ("going abroad", ("yucheshuhai", "partial")),  # words inside a longer rendering
        ("「渝金盾」", ("yujindun", "exact")),  # copied from a text with its quotes
        ("渝金盾。", ("yujindun", "exact")),  # ... or with the full stop after it
        ('"risk brain"', ("yujindun", "exact")),
        ("「渝金盾」。", ("yujindun", "exact")),
        ("數位經濟", ("digital-economy", "exact")),  # Taiwan's word for 数字经济
        ("空天資訊", ("aerospace-information", "exact")),  # Taiwan's for 空天信息
    ],
)
def test_each_lookup_mode_finds_the_entry(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path, query: str, expected: tuple[str, str]
) -> None:
    assert ids(capsys, glossary_dir, query)[0] == expected


def test_words_inside_a_rendering_find_every_entry_holding_them(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    found = ids(capsys, glossary_dir, "brain")
    assert {i for i, _ in found} == {"yujindun", "yujintong"}
    assert ids(capsys, glossary_dir, "financial brain")[0] == ("yujintong", "exact")


def test_exact_matches_come_before_partial_ones(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    tiers = [tier for _, tier in ids(capsys, glossary_dir, "Western Financial Center")]
    assert tiers[0] == "exact" and tiers == sorted(tiers, key=["exact", "prefix", "partial"].index)


def test_nothing_found_suggests_the_closest_terms(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    code, out, _ = run(capsys, glossary_dir, "lookup", "risk brane")
    assert code == 1
    assert "did you mean" in out and "渝金盾" in out
    code, out, _ = run(capsys, glossary_dir, "lookup", "--json", "渝金顿")
    assert code == 1
    assert {s["id"] for s in json.loads(out)["suggestions"]} >= {"yujindun"}


def test_a_chinese_typo_is_matched_by_the_characters_inside_a_term(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    code, out, _ = run(capsys, glossary_dir, "lookup", "--json", "金融中间")
    assert code == 1
    assert "western-financial-center" in {s["id"] for s in json.loads(out)["suggestions"]}


def test_table_output_shows_both_scripts_pinyin_renderings_and_status(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    code, out, _ = run(capsys, glossary_dir, "lookup", "千里马")
    assert code == 0
    assert "千里马  千里馬  qiān lǐ mǎ" in out
    assert "Qianlima initiative" in out and "preferred" in out and "candidate" in out
    code, out, _ = run(capsys, glossary_dir, "lookup", "渝金通")
    assert "financial brain" in out and "admitted" in out and "definition:" in out


def test_stdin_reads_one_query_per_line(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("渝金通\n\nyujindun\nnothing-like-it\n"))
    code, out, _ = run(capsys, glossary_dir, "lookup", "--json", "-")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["渝金通", "yujindun", "nothing-like-it"]
    assert [bool(line["matches"]) for line in lines] == [True, True, False]
    assert code == 1


def test_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path / "missing", "lookup", "渝金盾")
    assert code == 2 and err.count("\n") == 1 and "glossary folder not found" in err
    code, _, err = run(capsys, tmp_path, "lookup", "  ")
    assert code == 2 and "empty query" in err


def test_index_refreshes_only_changed_files(glossary_dir: Path, tmp_path: Path) -> None:
    (glossary_dir / "extra.yaml").write_text(
        "- id: zhuan\n  status: approved\n  zh:\n  - term: 专项再贷款\n  en:\n"
        "  - term: special relending\n", encoding="utf-8")
    conn = index.connect(str(glossary_dir), str(tmp_path / "i.sqlite"))
    assert index.refresh(conn, str(glossary_dir)).indexed == []
    path = glossary_dir / "extra.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("special", "targeted"),
                    encoding="utf-8")
    assert index.refresh(conn, str(glossary_dir)).indexed == ["extra.yaml"]
    path.unlink()
    assert index.refresh(conn, str(glossary_dir)).removed == ["extra.yaml"]


def test_a_broken_file_is_reported_and_the_rest_still_found(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    (glossary_dir / "broken.yaml").write_text("- id: [oops\n", encoding="utf-8")
    code, out, err = run(capsys, glossary_dir, "lookup", "渝金盾")
    assert code == 2 and "yujindun" in out  # answers printed, the skipped file is an error
    assert "broken.yaml:2: malformed YAML" in err


@pytest.mark.parametrize("query", ["渝金盾", "no such term xyz"])
def test_cold_lookup_imports_no_heavy_module(glossary_dir: Path, query: str) -> None:
    env = {**os.environ, "CQFIN_GLOSSARY_CACHE": os.environ["CQFIN_GLOSSARY_CACHE"]}
    cmd = [sys.executable, "-m", "cqfin_glossary", "--glossary", str(glossary_dir),
           "lookup", query]
    subprocess.run(cmd, env=env, capture_output=True)  # builds the index
    # argparse, locale and shutil: what parsing options costs; hashlib: OpenSSL.
    probe = ("import runpy, sys\nsys.argv = {argv!r}\ntry:\n    runpy.run_module("
             "'cqfin_glossary', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('jieba', 'textual', 'yaml', 'pypinyin', 'opencc', "
             "'rapidfuzz', 'typing', 'dataclasses', 'argparse', 'locale', 'shutil', "
             "'hashlib', 'json') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe.format(argv=cmd[2:])], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


PLAIN = [["lookup", "渝金盾"], ["--glossary", "g", "lookup", "--json", "x y"],
         ["--glossary=g", "lookup", "-n", "3", "q", "--full"], ["lookup", "-", "--limit", "7"],
         ["lookup", ""], ["--glossary", "a", "--glossary", "b", "lookup", "lookup"]]
NOT_PLAIN = [["lookup", "-n5", "q"], ["lookup", "--js", "q"], ["lookup", "q", "r"],
             ["lookup", "-n", "0", "q"], ["lookup", "-n", "x", "q"], ["lookup", "q", "-n"],
             ["lookup"], ["--glossary", "lookup"], ["-h"], ["lookup", "-h"], ["lookup", "-5"],
             ["--gloss", "g", "lookup", "q"], ["validate"], ["lookup", "--", "q"]]


def test_a_plain_lookup_reads_its_arguments_as_argparse_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The look-up's own reading of its arguments (no argparse on a cold look-up) gives
    what argparse gives, and leaves every other form to argparse."""
    from cqfin_glossary import cli

    monkeypatch.setenv("CQFIN_GLOSSARY_DIR", "here")
    for argv in PLAIN:
        assert vars(cli._plain_lookup(argv)) == vars(
            cli.build_parser(only="lookup").parse_args(argv)), argv
    for argv in NOT_PLAIN:
        assert cli._plain_lookup(argv) is None, argv


def test_many_matches_come_as_one_table_and_full_shows_every_block(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    code, out, _ = run(capsys, glossary_dir, "lookup", "financial")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["match", "Chinese", "Traditional", "pinyin", "English", "status",
                                "id"]
    assert any(line.startswith("prefix") and "渝金通" in line and "(+1)" in line for line in lines)
    assert "definition:" not in out and lines[-1].endswith("definition and note")
    code, out, _ = run(capsys, glossary_dir, "lookup", "--full", "financial")
    assert out.count("definition:") > 3


def test_an_unusable_cache_folder_is_named_with_the_way_out(
        capsys: pytest.CaptureFixture[str], glossary_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain file where the cache folder should be gave 'FOLDER: Not a directory' (or 'File
    exists'), which said neither what the folder is for nor how to get past it."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CQFIN_GLOSSARY_CACHE", str(blocker / "inside"))
    code, out, err = run(capsys, glossary_dir, "lookup", "渝金盾")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(blocker / "inside") in err
    assert "look-up index" in err and "CQFIN_GLOSSARY_CACHE" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_long_term_is_found_by_the_pinyin_of_a_later_syllable_with_a_bounded_index(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Each syllable's rest of the pinyin was kept whole: a term's keys grew with the square
    of its length (400 terms of 1,000 characters, a 1.2 GB index built in 29 s). The rest
    is now cut at TAIL_CHARS letters, and a later syllable still finds the term."""
    from cqfin_glossary.model import Entry, EntryStatus, Term
    from cqfin_glossary.searchkeys import TAIL_CHARS, entry_keys

    long = "重庆" + "西部金融中心" * 50
    entry = Entry("long", EntryStatus.APPROVED, zh=[Term(long)], en=[Term("long name")])
    _, _, tails = entry_keys(entry, None, 0)
    assert tails and max(map(len, tails.split())) <= TAIL_CHARS
    root = tmp_path / "g"
    root.mkdir()
    glossary = store.Glossary(root)
    glossary.add(entry)
    store.save(glossary)
    code, out, _ = run(capsys, root, "lookup", "--json", "xibujinrong")
    assert code == 0 and json.loads(out)["matches"][0]["id"] == "long"


def test_the_traditional_shown_is_the_generic_one_not_taiwans_wording(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    """空天信息 is written alike in generic Traditional and in Hong Kong; the column showed
    Taiwan's 空天資訊, the first form left once the Simplified one was dropped."""
    for query, shown in (("空天信息", "空天信息"), ("信贷支持", "信貸支持"), ("渝金盾", "渝金盾")):
        code, out, _ = run(capsys, glossary_dir, "lookup", query, "--json")
        assert code == 0 and json.loads(out)["matches"][0]["hant"] == shown


def test_a_term_ending_in_a_bracket_is_an_exact_match(capsys: pytest.CaptureFixture[str],
                                                      glossary_dir: Path) -> None:
    """Every quote and bracket at either end was stripped from a query: 'Special Drawing
    Rights (SDR)' was looked up as '... (SDR' and found only by prefix."""
    path = glossary_dir / "sdr.yaml"
    path.write_text("- id: sdr\n  status: approved\n  zh:\n  - term: 特别提款权（SDR）\n"
                    "    status: preferred\n  en:\n  - term: Special Drawing Rights (SDR)\n"
                    "    status: preferred\n", encoding="utf-8")
    for query in ("Special Drawing Rights (SDR)", "特别提款权（SDR）", "“特别提款权（SDR）”"):
        assert ids(capsys, glossary_dir, query)[0] == ("sdr", "exact")


def test_a_term_held_in_traditional_is_found_in_simplified(
        capsys: pytest.CaptureFixture[str], glossary_dir: Path) -> None:
    """A glossary file written by hand in Traditional (千里馬 as the term): the Simplified
    query found nothing, since only Traditional forms were derived from a term."""
    (glossary_dir / "hand.yaml").write_text(
        "- id: hand-written\n  status: approved\n  zh:\n  - term: 數位轉型基金\n"
        "    status: preferred\n  en:\n  - term: digital transformation fund\n"
        "    status: preferred\n", encoding="utf-8")
    assert ids(capsys, glossary_dir, "数位转型基金")[0] == ("hand-written", "exact")


def ids_n(capsys: pytest.CaptureFixture[str], glossary: Path, query: str,
          n: int) -> list[tuple[str, str]]:
    code, out, _ = run(capsys, glossary, "lookup", "--json", "-n", str(n), query)
    assert code == 0
    return [(m["id"], m["match"]) for m in json.loads(out)["matches"]]


@pytest.mark.parametrize("query", ["金融", "financial", "chongqing"])
def test_a_limit_cuts_the_ranked_list_not_the_rows_read(
        capsys: pytest.CaptureFixture[str], glossary_dir: Path, query: str) -> None:
    """-n 3 is the first three of the full ranking: a limit applied to the rows SQLite read
    in key order kept 金融业资产 ahead of 金融机构, which then came back as a partial match."""
    everything = ids_n(capsys, glossary_dir, query, 200)
    assert len(everything) > 5
    for n in (1, 3, 5):
        assert ids_n(capsys, glossary_dir, query, n) == everything[:n]


def test_whole_words_rank_before_a_word_the_query_only_begins(
        capsys: pytest.CaptureFixture[str], glossary_dir: Path) -> None:
    found = ids(capsys, glossary_dir, "center")
    assert found[0] == ("western-financial-center", "partial")
    assert found.index(("central-local-collaboration", "partial")) > 2


@pytest.mark.parametrize("query", ["People’s Bank of China", "PEOPLE‘S BANK OF CHINA"])
def test_a_typographic_apostrophe_is_the_plain_one(
        capsys: pytest.CaptureFixture[str], glossary_dir: Path, query: str) -> None:
    assert ids(capsys, glossary_dir, query)[0] == ("pboc", "exact")
