"""The command line as a whole: version, help on every command, and README coverage."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cqfin_glossary import __version__
from cqfin_glossary.cli import COMMANDS, build_parser, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example_and_a_readme_section(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    for flag in ("-h", "--help"):
        with pytest.raises(SystemExit) as stop:
            main([name, flag])
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert f"cqfin-glossary {name}" in out and "example" in out
    assert f"### {name}" in README


def test_module_entry_point_and_top_level_help() -> None:
    out = subprocess.run([sys.executable, "-m", "cqfin_glossary", "-h"], capture_output=True,
                         text=True, check=True).stdout
    for name, _ in COMMANDS:
        assert name in out
    assert "--glossary DIR" in out


def test_validate_command_reports_problems_and_exit_status(
    capsys: pytest.CaptureFixture[str], glossary_dir: Path
) -> None:
    assert main(["validate", str(glossary_dir)]) == 0
    assert "no problems" in capsys.readouterr().out
    (glossary_dir / "bad.yaml").write_text("- id: x\n  status: approved\n  zh: []\n  colour: 1\n",
                                           encoding="utf-8")
    assert main(["--glossary", str(glossary_dir), "validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{glossary_dir}/bad.yaml:4: entry x.colour: unknown key")
               or "bad.yaml:4: entry x.colour: unknown key" in line for line in lines)
    assert any("bad.yaml:3: entry x.zh: needs at least one Chinese term" in line for line in lines)


def cli(*args: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cqfin_glossary", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, input=stdin)


def test_cache_is_redirected_before_any_test_module_runs() -> None:
    cache = Path(os.environ["CQFIN_GLOSSARY_CACHE"]).resolve()
    assert cache.is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_annotate_colour_codes_are_codes_and_the_text_is_escaped(tmp_path: Path) -> None:
    from cqfin_glossary.cli.annotate_cmd import use_color

    text = tmp_path / "t.txt"
    text.write_text("渝金盾\x1b[2J\n", encoding="utf-8")
    out = cli("annotate", "--color", "always", str(text)).stdout
    assert out.startswith("\x1b[1;36m渝金盾\x1b[0m\x1b[2m[") and "\\x1b[2J" in out
    assert "\x1b[2J" not in out
    plain = cli("annotate", str(text)).stdout  # a pipe: no colour
    assert "\x1b" not in plain

    class Tty:
        def isatty(self) -> bool:
            return True

    assert use_color("auto", Tty())
    os.environ["NO_COLOR"] = "1"
    try:
        assert not use_color("auto", Tty()) and use_color("always", Tty())
    finally:
        del os.environ["NO_COLOR"]


def test_exit_codes_and_messages(tmp_path: Path, glossary_dir: Path) -> None:
    done = cli("--glossary", str(glossary_dir), "lookup", "-n", "0", "渝金盾")
    assert done.returncode == 2 and "must be at least 1" in done.stderr
    done = cli("--glossary", str(glossary_dir), "check", str(tmp_path / "missing.txt"))
    assert done.returncode == 2 and done.stderr.strip().endswith("missing.txt: no such file")
    (glossary_dir / "broken.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    done = cli("validate", str(glossary_dir))
    assert done.returncode == 2 and "broken.yaml:" in done.stdout
    done = cli("--glossary", str(glossary_dir), "lookup", "渝金盾")
    assert done.returncode == 2 and "渝金盾" in done.stdout
    assert "broken.yaml:" in done.stderr and "skipped" in done.stderr
    (glossary_dir / "broken.yaml").unlink()
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "out.po"  # its folder is a file
    done = cli("--glossary", str(glossary_dir), "export", "-f", "po", "-o", str(target))
    assert done.returncode == 2 and f"{target}: cannot write" in done.stderr
    assert ".tmp" not in done.stderr
    done = cli("--glossary", str(glossary_dir), "export", "-f", "po", "--bom")
    assert done.returncode == 2 and "CSV formats" in done.stderr and done.stdout == ""


def test_lookup_leaves_out_an_entry_with_a_problem_instead_of_inventing_its_status(
        glossary_dir: Path) -> None:
    """A misspelt status was read as 'candidate' and shown so, while the message said the
    file was skipped; the other entries of the file were shown as they are."""
    path = glossary_dir / "chongqing-programmes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  status: approved", "  status: aproved", 1), encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "lookup", "智融惠畅")
    assert done.returncode == 2 and "no match" in done.stdout.lower()
    assert "bad value 'aproved'" in done.stderr and "left out of look-ups" in done.stderr
    assert "skipped" not in done.stderr
    done = cli("--glossary", str(glossary_dir), "lookup", "渝车出海")  # same file, sound entry
    assert "approved" in done.stdout and done.returncode == 2


def test_an_export_never_replaces_the_glossary_a_fifo_or_a_read_only_file(
        tmp_path: Path, glossary_dir: Path) -> None:
    """Written by a rename, an export turned a FIFO or a device into a plain file, and a
    .yaml path in the glossary folder into a file the loader refuses."""
    before = {p: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    for target in (glossary_dir / "institutions.yaml", glossary_dir / "sub" / "new.yml"):
        done = cli("--glossary", str(glossary_dir), "export", "-f", "json", "-o", str(target))
        assert done.returncode == 2 and "inside the glossary folder" in done.stderr
    assert {p: p.read_bytes() for p in glossary_dir.glob("*.yaml")} == before
    assert not (glossary_dir / "sub").exists()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = cli("--glossary", str(glossary_dir), "export", "-f", "tsv", "-o", str(fifo))
    reader.join(timeout=30)
    assert done.returncode == 0 and got and "渝金盾" in got[0].decode("utf-8")
    assert fifo.is_fifo()
    done = cli("--glossary", str(glossary_dir), "export", "-f", "tsv", "-o", str(tmp_path))
    assert done.returncode == 2 and "not a regular file (a folder)" in done.stderr
    done = cli("--glossary", str(glossary_dir), "export", "-f", "tsv", "-o", "-")
    assert done.returncode == 0 and "渝金盾" in done.stdout and not Path("-").exists()
    missing = tmp_path / "no" / "such" / "x.tsv"
    done = cli("--glossary", str(glossary_dir), "export", "-f", "tsv", "-o", str(missing))
    assert done.returncode == 2 and "does not exist" in done.stderr
    assert not (tmp_path / "no").exists()
    locked = tmp_path / "locked.tsv"
    locked.write_text("keep", encoding="utf-8")
    locked.chmod(0o444)
    from cqfin_glossary import outputs
    from cqfin_glossary.errors import InputError

    real = os.access
    # root may write any file: the check is what an ordinary user meets
    outputs.os.access = lambda path, mode: False  # type: ignore[assignment]
    try:
        with pytest.raises(InputError, match="read-only file, not replaced"):
            outputs.write_output(locked, b"new", glossary_dir)
    finally:
        outputs.os.access = real  # type: ignore[assignment]
    assert locked.read_text(encoding="utf-8") == "keep"


def test_import_into_a_missing_folder_and_a_mistyped_merge_driver_call_are_errors(
        tmp_path: Path) -> None:
    """import made a new glossary of a mistyped --glossary (every other command refused it);
    merge-driver with missing files ran git merge-file on them and reported 'conflicts'."""
    table = tmp_path / "x.tsv"
    table.write_text("陆海新通道\tNew Corridor\n", encoding="utf-8")
    done = cli("--glossary", str(tmp_path / "typo" / "g"), "import", str(table))
    assert done.returncode == 2 and "glossary folder not found" in done.stderr
    assert not (tmp_path / "typo").exists()
    done = cli("merge-driver", str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c"))
    assert done.returncode == 2 and "no such file" in done.stderr


def test_a_newer_json_a_po_escape_msgfmt_refuses_and_a_bad_option_are_one_line_errors(
        tmp_path: Path, glossary_dir: Path) -> None:
    """Each was accepted (JSON version 99, 'New \\q Corridor' imported as text, --min-freq -5),
    or, for options, reported in argparse's two lines."""
    newer = tmp_path / "v.json"
    newer.write_text('{"format": "cqfin-glossary", "version": 99, "entries": []}',
                     encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "import", str(newer))
    assert done.returncode == 2 and "v.json:1: JSON format version 99" in done.stderr
    po = tmp_path / "q.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "陆海新通道"\nmsgstr "New \\q Corridor"\n', encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "import", str(po))
    assert done.returncode == 2 and "q.po:6: broken PO file: invalid escape '\\q'" in done.stderr
    done = cli("--glossary", str(glossary_dir), "mine", "--min-freq", "-5", str(tmp_path))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("cqfin-glossary: error: mine: argument --min-freq")


def test_check_with_source_and_target_swapped_is_an_error_not_clean(tmp_path: Path,
                                                                     glossary_dir: Path) -> None:
    zh, en = tmp_path / "a.zh", tmp_path / "a.en"
    zh.write_text("推动渝金盾上线。\n支持千里马计划。\n", encoding="utf-8")
    en.write_text("Yujindun risk brain went live.\nThe Qianlima plan is supported.\n",
                  encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "check", str(en), str(zh))
    assert done.returncode == 2 and "the Chinese source comes first" in done.stderr
    done = cli("--glossary", str(glossary_dir), "check", str(zh), str(en))
    assert done.returncode in (0, 1) and "glossary terms checked" in done.stdout


def test_a_term_longer_than_any_name_and_a_json_without_entries_are_refused(
        tmp_path: Path, glossary_dir: Path) -> None:
    """An import took an 11-million-character cell as a term and validate passed it; an
    object without 'entries' was reported as 'expected a list of entries, got list'."""
    table = tmp_path / "long.tsv"
    table.write_text("陆海新通道\t" + "x" * 1001 + "\n", encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "import", str(table))
    assert done.returncode == 1 and "long.tsv:1:" in done.stdout and "at most 1,000" in done.stdout
    (glossary_dir / "long.yaml").write_text(
        "- id: long\n  status: candidate\n  zh:\n  - term: 陆海新通道\n  en:\n"
        f"  - term: {'x' * 1001}\n", encoding="utf-8")
    done = cli("validate", str(glossary_dir))
    assert done.returncode == 1 and "long.yaml:6:" in done.stdout
    assert "1,001 characters" in done.stdout
    (glossary_dir / "long.yaml").unlink()
    other = tmp_path / "a.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "import", str(other))
    assert done.returncode == 2 and "without an 'entries' list" in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_standard_output_is_named(glossary_dir: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "cqfin_glossary", "--glossary",
                               str(glossary_dir), "export", "-f", "tsv"], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    assert done.stderr == "cqfin-glossary: error: standard output: No space left on device\n"


def test_mine_on_a_folder_with_nothing_to_read_names_it(tmp_path: Path,
                                                         glossary_dir: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = cli("--glossary", str(glossary_dir), "mine", str(tmp_path / "empty"), "--dry-run")
    assert done.returncode == 2
    assert f"no readable corpus files in {tmp_path / 'empty'} (it reads .txt" in done.stderr


def test_mine_with_an_unreadable_file_writes_the_rest_and_exits_2(tmp_path: Path,
                                                                glossary_dir: Path) -> None:
    """A binary file beside a good one was a 'skipped' line and exit 0: a script went on
    with a list short of that file's terms. The rest is still written; the status says so."""
    (tmp_path / "good.txt").write_text("“渝金桥”平台上线。", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 50)
    done = cli("--glossary", str(glossary_dir), "mine", str(tmp_path), "-q")
    assert done.returncode == 2
    assert f"skipped: {tmp_path / 'bad.txt'}: binary file" in done.stderr
    assert done.stderr.rstrip().endswith(
        "error: 1 file(s) skipped (see above): their terms are not in this list")
    assert "渝金桥" in "".join(p.read_text(encoding="utf-8") for p in glossary_dir.glob("*.yaml"))


def test_lookup_in_british_spelling_finds_the_american_and_the_other_way(
        glossary_dir: Path) -> None:
    """'Western Financial Centre' found nothing in a glossary that writes Center (only a
    did-you-mean), and 'centre' found only 'central-local collaboration'."""
    done = cli("--glossary", str(glossary_dir), "lookup", "Western Financial Centre")
    assert done.returncode == 0 and "(exact match)" in done.stdout
    assert "Western Financial Center" in done.stdout
    done = cli("--glossary", str(glossary_dir), "lookup", "centre")
    assert "western-financial-center" in done.stdout
    from cqfin_glossary.textnorm import spelling_variants

    assert spelling_variants("modernisation programme") == ["modernization program"]
    assert spelling_variants("Center") == ["Centre"] and spelling_variants("enterprise") == []


def test_an_invisible_character_in_a_term_is_refused(tmp_path: Path, glossary_dir: Path
                                                      ) -> None:
    """A zero-width space or a byte-order mark inside a term looks like nothing and makes the
    term match nothing (渝金\u200b盾 is not 渝金盾); one opening a term made an invisible
    Markdown heading."""
    (glossary_dir / "zw.yaml").write_text(
        "- id: zw\n  status: candidate\n  zh:\n  - term: \"渝金\\u200b盾平台\"\n",
        encoding="utf-8")
    done = cli("validate", str(glossary_dir))
    assert done.returncode == 1 and "zw.yaml:4:" in done.stdout and "U+200B" in done.stdout
    (glossary_dir / "zw.yaml").unlink()
    table = tmp_path / "bom.tsv"
    table.write_text("普惠金融\t\ufeffinclusive finance\n", encoding="utf-8")
    done = cli("--glossary", str(glossary_dir), "import", str(table))
    assert done.returncode == 1 and "U+FEFF" in done.stdout


def test_a_tsv_row_omegat_would_skip_as_a_comment_is_told(tmp_path: Path) -> None:
    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "a.yaml").write_text(
        "- id: hash\n  status: approved\n  zh:\n  - term: '#普惠金融#'\n    status: preferred\n"
        "  en:\n  - term: '#InclusiveFinance'\n    status: preferred\n", encoding="utf-8")
    done = cli("--glossary", str(glossary), "export", "-f", "tsv", "-o", str(tmp_path / "x.tsv"))
    assert done.returncode == 0
    assert "1 row open on '#', which OmegaT reads as comments" in done.stderr


def test_each_short_option_has_one_meaning() -> None:
    meanings: dict[str, set[str]] = {}
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for command in sub.choices.values():  # type: ignore[union-attr]
        for action in command._actions:
            longs = [o for o in action.option_strings if o.startswith("--")]
            for short in (o for o in action.option_strings if len(o) == 2 and o != "-h"):
                meanings.setdefault(short, set()).update(longs)
    assert all(len(longs) == 1 for longs in meanings.values()), meanings


def test_a_reader_that_goes_away_or_a_closed_output_is_no_success(glossary_dir: Path) -> None:
    """'| head' made any command exit 0, a report nobody read whole passing a pipeline under
    pipefail; '>&-' gave two 'unexpected AttributeError ... this is a bug' lines."""
    command = [sys.executable, "-m", "cqfin_glossary", "--glossary", str(glossary_dir),
               "export", "-f", "json"]
    reader, writer = os.pipe()
    os.close(reader)  # gone before the first write: EPIPE, as after 'head' has quit
    try:
        done = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")
    closed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2
    assert closed.stderr == ("cqfin-glossary: error: standard output is closed; nothing "
                             "could be written\n")
