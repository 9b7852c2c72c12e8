"""The merge-driver command: git's merge driver for glossary YAML, merging entry by entry."""

from __future__ import annotations

import argparse

HELP = "git merge driver: merge glossary YAML entry by entry (used by git, not by hand)"
DESCRIPTION = """Merge three versions of a glossary file the way the store merges two writers:
entry by entry, by id. An entry changed on one branch only takes that change;
one changed on both is merged field by field; only a field both branches
changed differently is a conflict. A conflict keeps both copies of the entry
(ours first) under a '# merge conflict' comment: the file stays valid YAML,
'cqfin-glossary validate' names the second copy as a duplicate id, and git
marks the file as conflicted until you keep one and 'git add' it. A version
that is not a glossary (malformed YAML) is merged as text by 'git merge-file'.

Set it up once per clone (the two lines of git config), and name the files:
  git config merge.cqfin-glossary.name "cqfin-glossary entry-by-entry merge"
  git config merge.cqfin-glossary.driver "cqfin-glossary merge-driver %O %A %B %P"
  echo 'glossary/*.yaml merge=cqfin-glossary' >> .gitattributes

example (what git runs; the result is written to OURS):
  cqfin-glossary merge-driver BASE OURS THEIRS glossary/institutions.yaml

exit status: 0 merged cleanly, 1 conflicts left in OURS, 2 error."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", help="the common ancestor's version (git's %%O)")
    parser.add_argument("ours", help="our version; the merge is written here (git's %%A)")
    parser.add_argument("theirs", help="their version (git's %%B)")
    parser.add_argument("path", nargs="?", default=None,
                        help="the file's path in the repository, for messages (git's %%P)")


def _text_merge(args: argparse.Namespace, name: str, why: str) -> int:
    import shutil
    import subprocess
    import sys

    from ..errors import InputError

    git = shutil.which("git")
    if git is None:
        raise InputError(f"{why}; and git is not on PATH for a text merge", name)
    print(f"{name}: {why}; merged as text by git merge-file", file=sys.stderr)
    done = subprocess.run([git, "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                           args.ours, args.base, args.theirs], check=False)
    if done.returncode < 0 or done.returncode > 127:  # git merge-file's own failure
        raise InputError(f"git merge-file failed (status {done.returncode})", name)
    return 0 if done.returncode == 0 else 1


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..errors import InputError
    from ..fsutil import atomic_write_text, read_limited
    from ..gitmerge import NotAGlossary, merge_texts
    from ..yamlio import MAX_FILE_BYTES, decode
    from .common import safe

    name = args.path or args.ours
    for given in (args.base, args.ours, args.theirs):
        if not Path(given).is_file():  # git always passes three files: a mistyped call
            raise InputError("no such file (git passes the base, ours and theirs as %O %A %B)"
                             if not Path(given).exists() else "not a regular file", given)
    try:
        base, ours, theirs = (decode(read_limited(Path(p), MAX_FILE_BYTES), p)
                              for p in (args.base, args.ours, args.theirs))
        result = merge_texts(base, ours, theirs, name=name)
    except (NotAGlossary, InputError) as err:
        return _text_merge(args, name, str(err).replace(f"{name}: ", ""))
    atomic_write_text(Path(args.ours), result.text)
    if result.conflicts:
        print(safe(f"{name}: {len(result.conflicts)} entries changed on both branches, left "
                   f"for you (both copies kept): {', '.join(result.conflicts)}; run "
                   "'cqfin-glossary validate'"), file=sys.stderr)
        return 1
    return 0
