"""The git merge driver, with real git in a temporary repository, and its three-way rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cqfin_glossary.gitmerge import merge_texts
from cqfin_glossary.store import check

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
FILE = "glossary/institutions.yaml"


def git(repo: Path, *args: str, check_rc: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(repo.parent), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run([str(GIT), *args], cwd=repo, capture_output=True, text=True, env=env)
    assert not check_rc or done.returncode == 0, done.stderr + done.stdout
    return done


def entries(repo: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load((repo / FILE).read_text(encoding="utf-8"))
    return {item["id"]: item for item in data}


def edit(repo: Path, change: dict[str, dict[str, object]], add: dict[str, object] | None,
         message: str) -> None:
    data = yaml.safe_load((repo / FILE).read_text(encoding="utf-8"))
    for item in data:
        item.update(change.get(item["id"], {}))
    if add:
        data.append(add)
    (repo / FILE).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                            width=1_000_000), encoding="utf-8")
    git(repo, "commit", "-qam", message)


def new_entry(ident: str, zh: str, en: str) -> dict[str, object]:
    return {"id": ident, "status": "candidate", "zh": [{"term": zh, "status": "preferred"}],
            "en": [{"term": en, "status": "preferred"}]}


def repository(tmp_path: Path, driver: bool) -> Path:
    repo = tmp_path / "repo"
    (repo / "glossary").mkdir(parents=True)
    shutil.copy(ROOT / FILE, repo / FILE)
    git(repo, "init", "-q", "-b", "main")
    if driver:
        command = f"{sys.executable} -m cqfin_glossary merge-driver %O %A %B %P"
        git(repo, "config", "merge.cqfin-glossary.name", "cqfin-glossary entry merge")
        git(repo, "config", "merge.cqfin-glossary.driver", command)
        (repo / ".gitattributes").write_text("glossary/*.yaml merge=cqfin-glossary\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def two_branches(repo: Path) -> None:
    ids = list(entries(repo))
    git(repo, "checkout", "-qb", "alice")
    edit(repo, {ids[0]: {"note": "Alice's note."}, ids[2]: {"subject": "central banking"}},
         new_entry("lvse-xindai", "绿色信贷", "green credit"), "alice")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-qb", "bob")
    edit(repo, {ids[1]: {"definition": "Bob's definition."}, ids[2]: {"note": "Bob's note."}},
         new_entry("kechuang-daikuan", "科创贷款", "sci-tech loans"), "bob")


def test_two_branches_merge_without_conflicts(tmp_path: Path) -> None:
    repo = repository(tmp_path, driver=True)
    two_branches(repo)
    done = git(repo, "merge", "-q", "--no-edit", "alice", check_rc=False)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = entries(repo)
    ids = list(merged)
    assert merged[ids[0]]["note"] == "Alice's note."
    assert merged[ids[1]]["definition"] == "Bob's definition."
    assert (merged[ids[2]]["subject"], merged[ids[2]]["note"]) == ("central banking",
                                                                  "Bob's note.")
    assert {"lvse-xindai", "kechuang-daikuan"} <= set(merged)
    assert check(repo / "glossary") == []


def test_without_the_driver_git_conflicts_on_the_same_changes(tmp_path: Path) -> None:
    repo = repository(tmp_path, driver=False)
    two_branches(repo)
    done = git(repo, "merge", "-q", "--no-edit", "alice", check_rc=False)
    assert done.returncode != 0 and "<<<<<<<" in (repo / FILE).read_text(encoding="utf-8")


def test_same_field_changed_on_both_branches_is_a_named_conflict(tmp_path: Path) -> None:
    repo = repository(tmp_path, driver=True)
    first = next(iter(entries(repo)))
    git(repo, "checkout", "-qb", "alice")
    edit(repo, {first: {"note": "Alice's note."}}, None, "alice")
    git(repo, "checkout", "-q", "main")
    edit(repo, {first: {"note": "Main's note."}}, None, "main")
    done = git(repo, "merge", "-q", "--no-edit", "alice", check_rc=False)
    assert done.returncode != 0 and f"{first}" in done.stderr
    text = (repo / FILE).read_text(encoding="utf-8")
    assert "# merge conflict: entry " + first in text and "<<<<<<<" not in text
    problems = check(repo / "glossary")
    assert any(p.field == f"entry {first}.id" and "duplicate id" in p.message for p in problems)


def test_three_way_rules_in_memory() -> None:
    base = "- id: a\n  status: candidate\n  zh:\n  - term: 甲\n    status: preferred\n  en: []\n"
    ours = base.replace("en: []", "en: []\n  note: ours")
    deleted = ""
    result = merge_texts(base, ours, deleted)
    assert result.conflicts == ["a"] and "merge-conflict:" in result.text
    assert merge_texts(base, base, deleted).text == "[]\n"  # unchanged here, deleted there
    assert merge_texts(base, ours, base).text == ours


def test_terms_added_to_one_entry_on_two_branches_are_both_kept() -> None:
    """'green credit' added on one branch and 'environmental loans' on the other duplicated
    the whole entry under a conflict comment: the term list was one field. Terms now merge
    one by one; a term changed both ways is still a conflict."""
    from cqfin_glossary.gitmerge import merge_entry

    def entry(*en: tuple[str, str]) -> dict:
        return {"id": "green-loans", "status": "approved",
                "zh": [{"term": "绿色贷款", "status": "preferred"}],
                "en": [{"term": t, "status": s} for t, s in en]}

    base = entry(("green loans", "preferred"))
    ours = entry(("green loans", "preferred"), ("green credit", "admitted"))
    theirs = entry(("green loans", "preferred"), ("environmental loans", "deprecated"))
    merged = merge_entry(base, ours, theirs)
    assert merged is not None and [t["term"] for t in merged["en"]] == [
        "green loans", "green credit", "environmental loans"]
    dropped = entry()  # theirs took the only term out, ours added one
    assert merge_entry(base, ours, dropped)["en"] == [  # type: ignore[index]
        {"term": "green credit", "status": "admitted"}]
    changed = entry(("green loans", "deprecated"))
    other = entry(("green loans", "admitted"))
    assert merge_entry(base, changed, other) is None


def test_a_rename_against_an_edit_says_where_the_edit_must_go() -> None:
    """An id renamed on one branch and the entry edited on the other read as 'deleted on
    one branch'; deleting the mark as told left two approved entries for one concept."""
    base = "- id: a\n  status: candidate\n  zh:\n  - term: 甲\n    status: preferred\n  en: []\n"
    ours = base.replace("id: a", "id: b")
    theirs = base.replace("en: []", "en: []\n  note: theirs")
    result = merge_texts(base, ours, theirs)
    assert result.conflicts == ["a"]
    import yaml

    marked = [e for e in yaml.safe_load(result.text) if "merge-conflict" in e]
    assert [(e["id"], e["merge-conflict"]) for e in marked] == [
        ("a", "renamed b on one branch, changed on the other (theirs kept it): carry the "
              "change over to b, then delete this entry")]


def test_a_version_that_is_no_glossary_is_merged_as_text(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base.yaml", "ours.yaml", "theirs.yaml"))
    base.write_text("a\nb\nc\n", encoding="utf-8")
    ours.write_text("a\nb\nc\nd: [unclosed\n", encoding="utf-8")
    theirs.write_text("z\nb\nc\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cqfin_glossary", "merge-driver", str(base),
                           str(ours), str(theirs), "glossary/x.yaml"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert "glossary/x.yaml" in done.stderr and "merged as text" in done.stderr
    assert ours.read_text(encoding="utf-8") == "z\nb\nc\nd: [unclosed\n"


def _doc(entries: dict[str, dict[str, object]]) -> str:
    # through JSON, so that no list is shared and PyYAML writes no anchors
    return yaml.safe_dump(json.loads(json.dumps(list(entries.values()))), allow_unicode=True,
                          sort_keys=False)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 8), st.data())
def test_disjoint_changes_never_conflict(size: int, data: st.DataObject) -> None:
    base = {f"e{i}": {"id": f"e{i}", "status": "candidate",
                      "zh": [{"term": f"词{i}", "status": "preferred"}], "en": []}
            for i in range(size)}
    ids = list(base)
    mine = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    rest = [i for i in ids if i not in mine]
    yours = set(data.draw(st.lists(st.sampled_from(rest), unique=True))) if rest else set()
    ours = {k: ({**v, "note": "ours"} if k in mine else v) for k, v in base.items()}
    theirs = {k: ({**v, "subject": "theirs"} if k in yours else v) for k, v in base.items()}
    ours["new-ours"] = {**base[ids[0]], "id": "new-ours"}
    theirs["new-theirs"] = {**base[ids[1]], "id": "new-theirs"}
    result = merge_texts(_doc(base), _doc(ours), _doc(theirs))
    merged = {e["id"]: e for e in yaml.safe_load(result.text)}
    assert result.conflicts == []
    assert set(merged) == {*ids, "new-ours", "new-theirs"}
    assert all(("note" in merged[k]) == (k in mine) for k in ids)
    assert all(("subject" in merged[k]) == (k in yours) for k in ids)
