"""English evidence: terms of English text, English next to Chinese terms, and ranked renderings.

Sources of a rendering, strongest first: parentheses (``西部金融中心 (Western
Financial Center)``), the English phrase right after a quoted Chinese term in
mixed text (``the "渝金通" financial brain``), association over aligned
segments (Dice), an English policy term of the corpus whose words match the
CC-CEDICT glosses of the term's parts, a quoted English name in the same
paragraph, the glosses themselves, and pinyin (千里马 -> Qianlima).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_Q_OPEN, _Q_CLOSE = "\"“「『《‘", "\"”」』》’"
_QUOTED_ZH = re.compile(f"[{_Q_OPEN}]([{HAN}]{{2,16}})[{_Q_CLOSE}]")
_QUOTED_NUMBER = re.compile(r"[\"“](\d{3,8})[\"”]")
# A comma or full stop may stand inside the closing quote ("job stability loans,").
_QUOTED_EN = re.compile(r"[\"“]([A-Za-z][A-Za-z0-9&'’\- ]{2,90}?)[,.]?[\"”]")
# "People's" opens the names of many Chinese state bodies (People's Bank of China,
# People's Government, People's Congress); other possessives ("Chongqing's") end a run.
_TITLE = re.compile(r"(?:\bPeople['’]s |\b)(?:[A-Z][a-z]+|[A-Z]{2,})"
                    r"(?:(?:-| | (?:of|and|for|the|on|in) )(?:[A-Z][a-z]+|[A-Z]{2,}))+")
_ACRONYM = re.compile(r"((?:[A-Z][A-Za-z-]*\s+(?:(?:of|and|for|the|on|in)\s+)?){1,9}"
                      r"[A-Z][A-Za-z-]*)\s*\(([A-Z]{2,8})\)")
_EN_THEN_ZH = re.compile(f"([A-Za-z][A-Za-z'\\- ]{{2,90}}?)\\s*[（(]([{HAN}]{{2,16}})[)）]")
_ZH_THEN_EN = re.compile(f"([{HAN}]{{2,16}})\\s*[（(]([A-Za-z][A-Za-z'\\- ]{{2,90}})[)）]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

STOPWORDS = frozenset([
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "this", "that", "these", "those", "its", "it",
    "their", "his", "her", "our", "your", "has", "have", "had", "will", "would", "can", "could",
    "may", "such", "which", "who", "whom", "whose", "than", "then", "there", "here", "into", "over",
    "under", "about", "after", "before", "while", "during", "through", "also", "both", "each",
    "other", "more", "most", "very", "not", "no", "nor", "so", "up", "out", "new",
])
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
# Titles of people: a run of them is a role, not a term.
ROLES = frozenset([
    "director", "deputy", "president", "vice", "governor", "chairman", "chairwoman", "chair",
    "secretary", "mayor", "minister", "head", "chief", "manager", "officer", "general", "executive",
    "member", "spokesperson",
])
_JOINS = frozenset(["of", "and", "for", "the", "on", "in"])
SYNONYMS = {"abroad": "overseas", "centre": "center", "programme": "program"}

NEAR = 400  # characters within which a quoted English name may render a quoted Chinese one
VERBS = frozenset([
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "may",
    "represent", "represents", "shows", "show", "showcases", "highlights", "includes", "include",
    "provides", "provide", "supports", "support", "aims", "reflects", "remains", "becomes",
    "continues", "helps", "drives", "boosts", "leads", "marks", "plays",
])
Pair = tuple[str, str, str]  # (Chinese term, English text, kind of evidence)


def english_terms(text: str) -> list[str]:
    """Policy-term candidates of an English line: quoted or Title Case names, acronym expansions.

    Title Case runs that head a section ("Core Insights - ..."), name a person
    ("Gong Rongjie") or a place ("Jiangbei District", "Western China"), or belong
    to a company's name ("Senci Mechanical & Electrical Co.") are left out."""
    from .enterms import is_pinyin_name

    found = [m.group(1).strip() for m in _QUOTED_EN.finditer(text)]
    found += [_trim(part) for m in _TITLE.finditer(text) if not _heading_or_company(text, m)
              for part in split_title_run(m.group()) if not is_pinyin_name(_trim(part))]
    for m in _ACRONYM.finditer(text):
        name = _acronym_name(m.group(1), m.group(2))
        if name:
            found += [name, m.group(2)]
    return [t for t in found if _useful_en(t)]


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
        return _bare(before) not in INSTITUTIONS
    return True


def _bare(word: str) -> str:
    return word.lower().split("-")[-1]


def _acronym_name(words: str, acronym: str) -> str | None:
    """The trailing words of ``words`` whose initials spell ``acronym`` (hyphens split words)."""
    tokens = words.split()
    for start in range(len(tokens)):
        name = tokens[start:]
        initials = "".join(p[0] for w in name if w.lower() not in STOPWORDS
                           for p in w.split("-") if p)
        if initials.upper() == acronym:
            return " ".join(name)
    return None


def _trim(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in STOPWORDS:
        words.pop(0)
    return " ".join(words)


def _useful_en(term: str) -> bool:
    words = term.split()
    return 1 <= len(words) <= 10 and any(w.lower() not in STOPWORDS for w in words) and \
        not (len(words) == 1 and not term.isupper() and term.lower() not in ("fintech",))


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


def quoted_names(text: str) -> list[str]:
    """Chinese terms in quotes or title marks, and quoted numbers that are names ("33618")."""
    return [m.group(1) for m in _QUOTED_ZH.finditer(text)] + \
        [m.group(1) for m in _QUOTED_NUMBER.finditer(text)]


def ngrams(text: str, longest: int = 4) -> set[str]:
    """Lower-case word n-grams of an English segment, not starting or ending with a stopword."""
    words = [w.lower() for w in _WORD.findall(text)]
    grams = set()
    for i, first in enumerate(words):
        if first in STOPWORDS:
            continue
        for j in range(i + 1, min(len(words), i + longest) + 1):
            if words[j - 1] not in STOPWORDS:
                grams.add(" ".join(words[i:j]))
    return grams


def stem(word: str) -> str:
    word = SYNONYMS.get(word.lower(), word.lower())
    for suffix in ("ations", "ation", "ings", "ing", "ials", "ial", "als", "al", "ies", "es",
                   "ed", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ing" else 3):
            return word[: -len(suffix)]
    return word


def gloss_parts(term: str, longest: int = 6) -> list[tuple[str, list[str]]]:
    """The term cut greedily into CC-CEDICT headwords (longest first), each with its senses."""
    from .lexicon import senses as lookup

    senses = lookup(term[i:j] for i in range(len(term))
                    for j in range(i + 1, min(len(term), i + longest) + 1))
    parts, i = [], 0
    while i < len(term):
        for size in range(min(longest, len(term) - i), 0, -1):
            word = term[i:i + size]
            if word in senses or size == 1:
                parts.append((word, senses.get(word, [])))
                i += size
                break
    return parts


def gloss_stems(senses: Iterable[str]) -> set[str]:
    return {stem(w) for sense in senses for w in _WORD.findall(sense)
            if w.lower() not in STOPWORDS and len(w) > 1}


def gloss_match(parts: list[tuple[str, list[str]]], english: str) -> float:
    """How well an English term's content words cover the glosses of the parts (0..1)."""
    words = [stem(w) for w in _WORD.findall(english) if w.lower() not in STOPWORDS]
    if not words or not parts:
        return 0.0
    part_stems = [gloss_stems(s) for _, s in parts]
    covered = sum(1 for stems in part_stems if stems & set(words))
    matched = sum(1 for w in words if any(w in stems for stems in part_stems))
    part_share, word_share = covered / len(parts), matched / len(words)
    return part_share * word_share if part_share >= 0.66 and word_share >= 0.6 else 0.0


def pinyin_name(term: str) -> str:
    """千里马 -> 'Qianlima': the romanised form used for names without an English rendering."""
    from ..textnorm import strip_tones, syllables

    return strip_tones("".join(syllables(term))).capitalize()


def literal_gloss(parts: list[tuple[str, list[str]]]) -> str | None:
    """The first sense of each part, joined: a word-for-word reading for the translator."""
    if not parts or any(not s for _, s in parts):
        return None
    if sum(len(p) == 1 for p, _ in parts) * 2 > len(parts):
        return None  # mostly single characters: a reading that would mislead
    return " ".join(_short_sense(s[0]) for _, s in parts)


def _short_sense(sense: str) -> str:
    sense = re.sub(r"\(.*?\)|\[.*?\]|[^\x00-\x7f]+\|?[^\x00-\x7f]*", "", sense)
    sense = re.sub(r"^(short name for|abbr\. for|lit\.|fig\.)\s+", "", sense.strip())
    return re.split("[;,]", sense)[0].strip()


def term_counter(lines: Iterable[str]) -> Counter[str]:
    return Counter(t for line in lines for t in english_terms(line))


# Weight of each kind of evidence in a rendering's score.
WEIGHTS = {"parentheses": 1.0, "follows": 0.9, "aligned": 1.0, "glossary": 1.2,
           "gloss-match": 0.8, "per character": 0.45, "characters away": 0.2, "pinyin": 0.35,
           "gloss": 0.3}


def rank_renderings(term: str, pairs: Counter[tuple[str, str]], assoc: Counter[str],
                    en_counts: Counter[str], aligned: int, corpus_terms: Iterable[str],
                    known: Iterable[str] = (),
                    limit: int = 8) -> list[tuple[str, float, list[str]]]:
    """Renderings of ``term`` best first, each with its score and evidence lines."""
    scores: dict[str, list] = {}

    def add(english: str, score: float, why: str) -> None:
        key = " ".join(english.split()).casefold()
        slot = scores.setdefault(key, [english, 0.0, []])
        slot[1] += score
        if why not in slot[2]:
            slot[2].append(why)

    for english in known:
        add(english, WEIGHTS["glossary"], "already in the glossary")
    for (english, kind), n in pairs.items():
        weight = next((w for k, w in WEIGHTS.items() if k in kind), 0.5)
        add(english, weight * min(n, 3), f"{kind} (x{n})")
    for english, both in assoc.most_common(5):
        dice = 2 * both / (aligned + en_counts.get(english, both))
        if dice >= 0.2:
            add(english, WEIGHTS["aligned"] * dice,
                f"aligned segments: Dice {dice:.2f} ({both} together)")
    parts = gloss_parts(term)
    for english in corpus_terms:
        match = gloss_match(parts, english)
        if match:
            add(english, WEIGHTS["gloss-match"] * match,
                "corpus English term matching the CC-CEDICT glosses of "
                + "/".join(p for p, _ in parts))
    literal = literal_gloss(parts)
    if literal:
        add(literal, WEIGHTS["gloss"], "CC-CEDICT glosses of the parts")
    listed = len(parts) == 1 and parts[0][0] == term and parts[0][1]
    why = "pinyin" if listed else "pinyin of a name (no dictionary entry)"
    add(pinyin_name(term), WEIGHTS["pinyin"], why)
    ranked = sorted(scores.values(), key=lambda s: (-s[1], s[0]))
    return [(e, round(min(1.0, s / 1.5), 4), why) for e, s, why in ranked[:limit]]
