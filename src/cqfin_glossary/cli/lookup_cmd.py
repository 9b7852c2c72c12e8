"""The lookup command: find a term by Chinese, Traditional, English, pinyin or id."""

from __future__ import annotations

from .options import positive

if False:  # for type checkers only: importing typing would slow every cold lookup
    import argparse

    from ..lookup import Result

HELP = "look a term up (Chinese in either script, English, pinyin)"
DESCRIPTION = """Look a term up in the glossary.

Chinese may be typed in Simplified or Traditional, English in any case and as
words of a longer rendering, pinyin with or without tones and spaces. Exact
matches come first, then prefix and partial ones; when nothing matches, the
closest terms are suggested.

examples:
  cqfin-glossary lookup 渝金盾
  cqfin-glossary lookup 千里馬
  cqfin-glossary lookup "financial brain"
  cqfin-glossary lookup "yú jīn dùn"
  printf '渝金通\\nyujindun\\n' | cqfin-glossary lookup --json -

exit status: 0 every query found, 1 a query not found, 2 error."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="the term to find, or '-' to read one query per line")
    parser.add_argument("--json", action="store_true",
                        help="print JSON (one object per query; JSON Lines with '-')")
    parser.add_argument("-n", "--limit", type=positive, default=20,
                        help="most matches (default 20)")
    parser.add_argument("--full", action="store_true",
                        help="every match in full, even when there are many (default: a table "
                             "when more than 3 match)")


def plain_options(args: list[str]) -> dict[str, object] | None:
    """The options of a plain look-up (one query, then or before --json, --full, -n N,
    --limit N) read as argparse would, or None for any other form, which argparse then
    reads and explains. argparse's help formatter and messages, made even when nothing
    is wrong, load locale and shutil: a sixth of a cold look-up."""
    values: dict[str, object] = {"json": False, "full": False, "limit": 20}
    rest = iter(args)
    for arg in rest:
        if arg in ("--json", "--full"):
            values[arg[2:]] = True
        elif arg in ("-n", "--limit"):
            try:
                values["limit"] = positive(next(rest))
            except Exception:  # no value or a bad one: argparse says which
                return None
        elif (arg == "-" or not arg.startswith("-")) and "query" not in values:
            values["query"] = arg
        else:
            return None
    return values if "query" in values else None


def run(args: argparse.Namespace) -> int:
    from .. import index
    from ..errors import InputError
    from ..lookup import lookup
    from .common import error, safe_json

    queries = _queries(args.query)  # a bad query is refused before the index is built
    conn = index.connect(args.glossary)
    report = index.refresh(conn, args.glossary)
    if not report.files:  # as store.require_files says it (the store is not loaded here)
        raise InputError("holds no glossary files (*.yaml); pass the glossary folder with "
                         "--glossary DIR", args.glossary)
    for problem in report.errors:  # each says what was left out of the answers
        error(problem)
    missing = 0
    for n, query in enumerate(queries):
        result = lookup(conn, query, limit=args.limit)
        missing += not result.found
        if args.json:
            print(safe_json(result.to_json(), indent=None if args.query == "-" else 2))
        else:
            if n:
                print()
            print(render(result, full=args.full))
    if report.errors:
        return 2  # the answers above leave out a file that could not be read
    return 1 if missing else 0


MAX_QUERY = 1000  # characters: longer than any term, short enough that a lookup stays instant


def _queries(query: str) -> list[str]:
    from ..errors import InputError, UsageError
    from .common import stdin_lines, text_argument

    if query != "-":
        query = text_argument(query, "query").strip()
        if not query:
            raise UsageError("empty query")
        if len(query) > MAX_QUERY:
            raise UsageError(f"query too long ({len(query):,} characters; the limit is "
                             f"{MAX_QUERY:,}): look up a term, not a text (see 'annotate')")
        return [query]
    lines = stdin_lines(max_line=64 * 1024, max_total=16 * 1024 * 1024)
    for number, line in lines:
        if len(line) > MAX_QUERY:
            raise InputError(f"query too long ({len(line):,} characters; the limit is "
                             f"{MAX_QUERY:,}): one term a line", "<stdin>", number)
    return [line for _, line in lines]


def render(result: Result, full: bool = False) -> str:
    """A few matches as full blocks; many as one table, a row each, to scan by eye."""
    from .common import safe

    if not result.matches:
        lines = [f"no match for '{safe(result.query)}'"]
        if result.suggestions:
            lines.append("did you mean:")
            lines += [f"  {safe(s['zh'])}  {safe(s['pinyin'])}  {safe(s['en'] or '')}"
                      for s in result.suggestions]
        return "\n".join(lines)
    if len(result.matches) > 3 and not full:
        return _summary(result)
    return "\n\n".join(_block(m.tier, m.entry) for m in result.matches)


def _summary(result: Result) -> str:
    from .common import safe, table

    rows = []
    for m in result.matches:
        e = m.entry
        others = [t["term"] for t in e["en_terms"] if t["term"] != e.get("en")]
        rows.append([m.tier, safe(e["zh"]), safe(e["hant"]), safe(e["pinyin"]),
                     safe(e.get("en") or "-") + (f" (+{len(others)})" if others else ""),
                     e["status"], e["id"]])
    header = ["match", "Chinese", "Traditional", "pinyin", "English", "status", "id"]
    return (table(rows, header) + f"\n{len(rows)} matches; 'lookup ID' or --full shows "
            "every rendering, definition and note")


def _block(tier: str, e: dict) -> str:
    from .common import pad, safe, table

    head = f"{safe(e['zh'])}  {safe(e['hant'])}  {safe(e['pinyin'])}"
    facts = [e["status"], f"id {e['id']}"] + ([e["subject"]] if e.get("subject") else [])
    lines = [f"{pad(head, 30)}  [{', '.join(safe(f) for f in facts)}]  ({tier} match)"]
    rows = [["en", safe(t["term"]), t["status"] + (f", {t['type']}" if t.get("type") else "")]
            for t in e["en_terms"]]
    rows += [["zh", safe(t["term"]), t["status"]] for t in e["zh_terms"][1:]]
    if rows:
        lines += ["  " + line for line in table(rows).splitlines()]
    else:
        lines.append("  (no English rendering yet)")
    for key in ("definition", "note"):
        if e.get(key):
            lines.append(f"  {key}: {safe(e[key])}")
    return "\n".join(lines)
