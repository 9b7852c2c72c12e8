"""The core must not import textual: only cqfin_glossary.tui may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import cqfin_glossary


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(cqfin_glossary.__path__, "cqfin_glossary.")]
    # __main__ runs the command line when imported; it is covered by the CLI tests.
    return sorted(n for n in names if not n.startswith("cqfin_glossary.tui")
                  and not n.endswith("__main__"))


def test_core_modules_exist_to_check() -> None:
    modules = core_modules()
    assert "cqfin_glossary.store" in modules and "cqfin_glossary.review" in modules
    assert "cqfin_glossary.editing" in modules


def test_core_imports_without_textual() -> None:
    script = (
        "import importlib, sys\n"
        "import cqfin_glossary\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_edit_command_imports_textual_only_when_run() -> None:
    script = ("import sys\nfrom cqfin_glossary.cli import build_parser\nbuild_parser()\n"
              "print('textual' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_every_export_format_has_a_file_extension_in_the_editor() -> None:
    from cqfin_glossary.formats import FORMATS
    from cqfin_glossary.tui.export_screen import EXTENSIONS

    assert set(FORMATS) <= set(EXTENSIONS)
