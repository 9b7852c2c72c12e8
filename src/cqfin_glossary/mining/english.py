"""English cues of a text: names, acronyms and quoted terms, and English next to Chinese terms.

Mixed text (English news quoting Chinese names) pairs a Chinese term with the
English in parentheses beside it (``西部金融中心 (Western Financial Center)``),
the English phrase right after it (``the "渝金通" financial brain``) or a
quoted English name nearby; ``renderings`` weighs that evidence.
"""

from __future__ import annotations

import re

from .enwords import STOPWORDS, VERBS, is_pinyin_name

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_Q_OPEN, _Q_CLOSE = "\"“「『《‘", "\"”」』》’"
_QUOTED_ZH = re.compile(f"[{_Q_OPEN}]([{HAN}]{{2,16}})[{_Q_CLOSE}]")
_QUOTED_NUMBER = re.compile(r"[\"“](\d{3,8})[\"”]")
# A code written in Latin letters and digits inside Chinese text: 5G, M2, LPR, C919, REITs.
# Not a part of a longer token (PM2.5, 15G), nor a capitalised word (Public).
# (The look-ahead first: most characters fail it at once, before the look-behind is tried.)
_CODE = re.compile(r"(?=[A-Z0-9])(?<![A-Za-z0-9.+\-])"
                   r"(?:[A-Z]{2,6}s?|[A-Z]{1,4}\d{1,4}[A-Z]?|\d{1,2}[A-Z]{1,3})(?![A-Za-z0-9.\-])")
_HAN_CHAR = re.compile(f"[{HAN}（）【】《》“”‘’、，。；：！？]")  # a Chinese character or mark
# A comma or full stop may stand inside the closing quote ("job stability loans,").
_QUOTED_EN = re.compile(r"[\"“]([A-Za-z][A-Za-z0-9&'’\- ]{2,90}?)[,.]?[\"”]")
# "People's" opens the names of many Chinese state bodies (People's Bank of China,
# People's Government, People's Congress); other possessives ("Chongqing's") end a run. An
# apostrophe before two letters or more parts a pinyin name's syllables (Lin'gang, Xi'an):
# that word is whole (the run was cut at "Zone Lin").
# (Every run opens with a capital or a digit: the look-ahead lets the scan pass over the
# other characters of a line without trying the pattern at each.)
_TITLE = re.compile(r"(?=[\dA-Z])(?:\b\d{1,2}(?:st|nd|rd|th) )?(?:\bPeople['’]s |\b)"
                    r"(?:[A-Z][a-z]+(?:['’][a-z]{2,})?|[A-Z]{2,})"
                    r"(?:(?:-| | (?:of|and|for|the|on|in) )(?:[A-Z][a-z]+(?:['’][a-z]{2,})?"
                    r"|[A-Z]{2,}))+")
# A year opening a name after "the": "the 1992 Consensus", "the 2030 Agenda".
_YEAR_NAME = re.compile(r"\bthe ((?:19|20)\d\d(?: [A-Z][a-z]+)+)")
_ACRONYM = re.compile(r"((?:[A-Z][A-Za-z-]*\s+(?:(?:of|and|for|the|on|in)\s+)?){1,9}"
                      r"[A-Z][A-Za-z-]*)\s*\(([A-Z]{2,8})\)")
_EN_THEN_ZH = re.compile(f"([A-Za-z][A-Za-z'\\- ]{{2,90}}?)\\s*[（(]([{HAN}]{{2,16}})[)）]")
_ZH_THEN_EN = re.compile(f"([{HAN}]{{2,16}})\\s*[（(]([A-Za-z][A-Za-z'\\- ]{{2,90}})[)）]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Heads that name a kind of thing, never the thing: "the 千里马 initiative".
GENERIC = frozenset([
    "initiative", "initiatives", "program", "programme", "programs", "plan", "project", "projects",
    "strategy", "conference", "campaign", "platform", "policy", "system", "scheme", "meeting",
    "model", "event", "action",
])
# Words that end an institution's name: "and" after one starts another name.
INSTITUTIONS = frozenset([
    "branch", "bank", "bureau", "commission", "administration", "office", "department", "ministry",
    "committee", "company", "group", "corporation", "association", "exchange", "government",
    "council", "agency", "authority", "institute", "university", "center", "centre", "forum",
    "fund", "zone", "conference", "federation", "chamber",
])
# Names of agreements and plans: "for" and "on" stay after them ("Comprehensive and
# Progressive Agreement for Trans-Pacific Partnership").
COVENANTS = frozenset(["agreement", "convention", "treaty", "framework", "law", "plan",
                       "initiative", "partnership", "protocol", "charter", "outline"])
# Titles of people: a run of them is a role, not a term.
ROLES = frozenset([
    "director", "deputy", "president", "vice", "governor", "chairman", "chairwoman", "chair",
    "secretary", "mayor", "minister", "head", "chief", "manager", "officer", "general", "executive",
    "member", "spokesperson",
])
_JOINS = frozenset(["of", "and", "for", "the", "on", "in"])

NEAR = 400  # characters within which a quoted English name may render a quoted Chinese one
Pair = tuple[str, str, str]  # (Chinese term, English text, kind of evidence)


def english_terms(text: str) -> list[str]:
    """Policy-term candidates of an English line: quoted or Title Case names, acronym expansions.

    Title Case runs that head a section ("Core Insights - ..."), name a person
    ("Gong Rongjie") or a place ("Jiangbei District", "Western China"), or belong
    to a company's name ("Senci Mechanical & Electrical Co.") are left out."""
    # The patterns that need a quote, "the 19.."/"the 20.." or a parenthesis are not tried on
    # a line without one (most lines: scanning every place of a line is the cost).
    found = [m.group(1).strip() for m in _QUOTED_EN.finditer(text)] \
        if '"' in text or "“" in text else []
    found += [_trim(part) for m in _TITLE.finditer(text) if not _heading_or_company(text, m)
              for part in split_title_run(m.group()) if not is_pinyin_name(_trim(part))]
    if "the 19" in text or "the 20" in text:
        found += [m.group(1) for m in _YEAR_NAME.finditer(text)]
    for m in _ACRONYM.finditer(text) if "(" in text else ():
        name = _acronym_name(m.group(1), m.group(2))
        if name:
            found += [name, m.group(2)]
    return [t for t in found if _useful_en(t)]


_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,7})(s?)\)")
_NAME_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def acronyms(text: str) -> list[tuple[str, str]]:
    """(name, acronym) of every 'name (ACRONYM)' whose initials spell the acronym, in any case:
    'medium-term lending facility (MLF)', 'state-owned enterprises (SOEs)'."""
    found = []
    for m in _PAREN_ACRONYM.finditer(text):
        acronym = m.group(1)
        words = _NAME_WORDS.findall(text[max(0, m.start() - 160):m.start()])[-12:]
        name = _acronym_name(" ".join(words), acronym.replace("&", ""))
        if name:
            found.append((name, acronym + m.group(2)))
    return found


_HEADING_AFTER = re.compile(r"\s+[-–—:]\s|\s*&|\s*,?\s*(?:Co|Ltd|Inc)\b")
_PLACE = re.compile(r"^(?:\S+ (?:District|County|Province|Prefecture)(?: of .*)?|"
                    r"(?:Western|Eastern|Northern|Southern|Central|Southwest|Northwest) China)$")


def _heading_or_company(text: str, match: re.Match[str]) -> bool:
    run = match.group()
    if _HEADING_AFTER.match(text, match.end()) or text[:match.start()].rstrip().endswith("&"):
        return True
    return bool(_PLACE.match(run))


def is_headline(line: str) -> bool:
    """A title line: nearly every word of four letters or more is capitalised."""
    words = [w for w in _WORD.findall(line) if len(w) >= 4]
    if len(words) < 3 or len(words) > 30:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def split_title_run(run: str) -> list[str]:
    """Cut a Title Case run where a lowercase function word joins two names, not one name.

    "of" stays ("Bank of China"). "and" stays inside a name ("Belt and Road",
    "Financial Empowerment and Channel Linkage") but cuts next to an institution
    or a role ("... Chongqing Branch and Deputy Director", "Party Committee and
    President"). "for" and "on" stay after an institution ("Center for ...",
    "Forum on ..."); "in" and "the" always cut. Parts that are only role words
    ("Deputy Director") are dropped.
    """
    words = run.split(" ")
    parts, current = [], [words[0]]
    for i in range(1, len(words)):
        word = words[i]
        if (word in _JOINS and current and i + 1 < len(words)
                and _cuts(word, current[-1], words[i + 1])):
            parts.append(current)
            current = []
        elif current or word not in _JOINS:
            current.append(word)
    parts.append(current)
    return [" ".join(p) for p in parts if p and not all(_bare(w) in ROLES for w in p)]


def _cuts(join: str, before: str, after: str) -> bool:
    if join == "of":
        return False
    if join == "and":
        return _bare(before) in INSTITUTIONS | ROLES or _bare(after) in INSTITUTIONS | ROLES
    if join in ("for", "on"):
        return _bare(before) not in INSTITUTIONS | COVENANTS
    return True


def _bare(word: str) -> str:
    return word.lower().split("-")[-1]


def _acronym_name(words: str, acronym: str) -> str | None:
    """The trailing words of ``words`` whose initials spell ``acronym`` (hyphenated words count
    once or once per part: 'medium-term lending facility' is MLF, 'Belt-Road' BR)."""
    tokens = words.split()
    for start in range(len(tokens)):
        name = tokens[start:]
        if name[0].lower() in STOPWORDS:
            continue
        content = [w for w in name if w.lower() not in STOPWORDS]
        whole = "".join(w[0] for w in content)
        parts = "".join(p[0] for w in content for p in w.split("-") if p)
        if acronym in (whole.upper(), parts.upper()):
            return " ".join(name)
    return None


def _trim(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in STOPWORDS:
        words.pop(0)
    return " ".join(words)


_ROMAN = re.compile(r"[IVXL]+")


def _useful_en(term: str) -> bool:
    words = term.split()
    return 1 <= len(words) <= 10 and any(w.lower() not in STOPWORDS for w in words) and \
        not (len(words) == 1 and not term.isupper() and term.lower() not in ("fintech",)) and \
        not _ROMAN.fullmatch(term)  # a section number ("II. Preventing Risks")


def mixed_pairs(text: str) -> list[Pair]:
    """Chinese terms written inside English, paired with the English that stands next to them."""
    quoted = list(_QUOTED_ZH.finditer(text))
    pairs: list[Pair] = []
    for m in quoted:
        phrase = _phrase_after(text[m.end():])
        if phrase:
            pairs.append((m.group(1), phrase, "follows the term in mixed text"))
    names = [(m.start(), m.group(1).strip()) for m in _QUOTED_EN.finditer(text)]
    for m in quoted:
        # A quoted English name close to a quoted Chinese term may be its rendering.
        near = sorted((abs(at - m.start()), name) for at, name in names
                      if _useful_en(name) and len(name.split()) >= 2 and abs(at - m.start()) < NEAR)
        for distance, name in near[:3]:
            kind = f"quoted English name {distance // 50 * 50}+ characters away"
            if _abbreviates(m.group(1), name):
                kind += ", one content word per character"
            pairs.append((m.group(1), name, kind))
    for m in _EN_THEN_ZH.finditer(text):
        name = _title_tail(m.group(1))
        if name:
            pairs.append((m.group(2), name, "English with the term in parentheses"))
    for m in _ZH_THEN_EN.finditer(text):
        pairs.append((m.group(1), m.group(2).strip(), "term with the English in parentheses"))
    return pairs


def _phrase_after(rest: str) -> str | None:
    """Up to four content words right after a closing quote, ending at a stopword or punctuation."""
    words: list[str] = []
    pos = 0
    for m in _WORD.finditer(rest[:80]):
        word = m.group().lower()
        if rest[pos:m.start()].strip() or word in STOPWORDS or word in VERBS or len(words) == 4:
            break
        words.append(m.group())
        pos = m.end()
    while len(words) > 1 and words[-1].lower() in GENERIC:
        words.pop()
    if not words or (len(words) == 1 and words[0].lower() in GENERIC):
        return None
    return " ".join(words)


def _abbreviates(term: str, name: str) -> bool:
    """智融惠畅 ~ 'Financial Empowerment and Channel Linkage': 4 characters, 4 content words."""
    words = [w for w in name.split() if w.lower() not in STOPWORDS]
    return len(term) == len(words) and all(w[:1].isupper() for w in words)


def _title_tail(text: str) -> str | None:
    """The trailing capitalised words of ``text`` (the name before a parenthesis)."""
    words = text.split()
    tail: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (tail and word.lower() in ("of", "and", "for", "the")):
            tail.insert(0, word)
        else:
            break
    while tail and tail[0].lower() in STOPWORDS:
        tail.pop(0)
    return " ".join(tail) if tail else None


def codes(text: str) -> list[str]:
    """Latin codes standing next to a Chinese character or mark (5G基站, M2余额, 利率（LPR）):
    in Chinese text they are terms of their own, which the Chinese n-grams, made of Han
    runs, never hold."""
    out = []
    for m in _CODE.finditer(text):
        start, end = m.span()
        if _HAN_CHAR.match(text, start - 1 if start else 0, start) or \
                _HAN_CHAR.match(text, end, end + 1):
            out.append(m.group())
    return out


def quoted_names(text: str) -> list[str]:
    """Chinese terms in quotes or title marks, and quoted numbers that are names ("33618")."""
    return [m.group(1) for m in _QUOTED_ZH.finditer(text)] + \
        [m.group(1) for m in _QUOTED_NUMBER.finditer(text)]
