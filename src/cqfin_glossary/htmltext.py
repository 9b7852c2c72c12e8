"""The text of an HTML page in linear time, every newline kept so that line numbers stay true.

A pattern such as ``<[^>]*>`` or ``<!--.*?-->`` rescans the rest of the page
for each opening that is never closed, so a page of a million ``<`` took
minutes. Here comments, scripts and styles are found by a forward search for
their end, and a missing end stops the scan (no later one can have an end
either); ordinary tags are matched by patterns that never cross another
``<``, so each character is looked at a bounded number of times.
"""

from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<!--|<(script|style)\b", re.I)
_HIDDEN_END = {"script": re.compile(r"</script\s*>", re.I),
               "style": re.compile(r"</style\s*>", re.I)}
# Tags that end a block become a space, so that two paragraphs on one line do not run
# together into one word; inline tags (<b>, <span>) join their text, as in 渝金<b>盾</b>.
# Lower and upper case spelled out: re.I made this pass ten times slower on a flood of tags.
_BLOCK = re.compile(r"</?(?:p|div|br|li|t[dhr]|h[1-6]|P|DIV|BR|LI|T[DHR]|H[1-6])"
                    r"(?:[\s/][^<>\n]*)?>")
_OPEN = re.compile(r"<[A-Za-z/!?]")
_TAG = re.compile(r"<[A-Za-z/!?][^<>\n]*>")
_TAG_LINES = re.compile(r"<[A-Za-z/!?][^<>]*>")  # a tag over several lines: rare


def html_text(markup: str) -> str:
    """The text of ``markup``: tags, comments, scripts and styles gone, entities decoded."""
    if _OPEN.search(markup) is None:
        return html.unescape(markup)
    hidden = "<!--" in markup or any(w in markup for w in ("cript", "CRIPT", "tyle", "TYLE"))
    text = _drop_hidden(markup) if hidden else markup
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    text = _TAG_LINES.sub(lambda m: "\n" * m.group().count("\n"), text)
    return html.unescape(text)


def _drop_hidden(markup: str) -> str:
    """Comments, scripts and styles removed, each leaving only its newlines."""
    out: list[str] = []
    pos = 0
    while True:
        found = _HIDDEN.search(markup, pos)
        if found is None:
            out.append(markup[pos:])
            break
        start = found.start()
        out.append(markup[pos:start])
        if found.group(1) is None:
            close = markup.find("-->", start + 4)
            end = close + 3 if close >= 0 else -1
        else:
            closing = _HIDDEN_END[found.group(1).lower()].search(markup, found.end())
            end = closing.end() if closing is not None else -1
        if end < 0:  # never closed: a browser hides the rest of the page too
            out.append("\n" * markup.count("\n", start))
            break
        out.append("\n" * markup.count("\n", start, end))
        pos = end
    return "".join(out)
