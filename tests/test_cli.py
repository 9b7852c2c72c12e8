"""The command line as a whole: version, help on every command, and README coverage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cqfin_glossary import __version__
from cqfin_glossary.cli import COMMANDS, main

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
