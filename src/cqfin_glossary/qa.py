"""Check a translation against the glossary: missing terms, deprecated renderings, consistency.

Per segment, every approved glossary term in the source needs one of its
entry's preferred or admitted renderings in the target. Across the file (or all
the files checked together), a term should keep one full rendering (short forms
and acronyms excepted, as translators use them after the full name), and one
English rendering should not stand for two Chinese terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain, compress
from operator import and_, attrgetter, itemgetter, ne, not_
from typing import Any, NamedTuple

from .gcpause import paused_gc
from .match import Concept, Matcher, Span
from .matchvalues import APPROVED_RENDERING, as_written
from .segments import Segment
from .textnorm import CJK_CLASS
from .wordkeys import compounds, english_chain, term_chain, written_form

KINDS = ("missing", "deprecated", "inconsistent", "same-rendering")
SHORT_TYPES = ("shortForm", "acronym", "abbreviation")


class Problem(NamedTuple):
    """One problem of a translation. A named tuple: a file can have thousands, and a
    frozen dataclass costs several times as much to make."""

    segment: int
    kind: str
    entry: str
    term: str  # the Chinese term as it stands in the source
    expected: str
    found: str
    message: str
    file: str = ""
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self._asdict())


@dataclass
class Report:
    segments: int = 0
    terms: int = 0  # source term occurrences checked
    files: int = 0  # files the segments came from
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: sum(p.kind == k for p in self.problems) for k in KINDS}

    def to_json(self) -> dict[str, Any]:
        return {"segments": self.segments, "terms": self.terms, "files": self.files,
                "counts": self.counts(),
                "problems": [p.to_json() for p in self.problems]}


class _Use(NamedTuple):
    """An approved rendering found for a source term: the raw material of the file-wide checks.

    A named tuple: one is made per rendering found, and a frozen dataclass costs
    three times as much to make.
    """

    segment: Segment
    entry: str
    term: str
    rendering: str  # the glossary form that matched
    short: bool
    at: Span  # the English term of the target, as en_terms found it (for a quote)


def check(segments: Iterable[Segment], matcher: Matcher) -> Report:
    """Every problem in reading order (of the files, then of their segments), the
    consistency checks taken across all the segments given: a project's files at once."""
    report = Report()
    problems = report.problems
    uses: list[_Use] = []
    files: dict[str, int] = {}  # each file's place in the input, for the reading order
    zh_spans, chain_terms = matcher.zh_spans, matcher.chain_terms
    with paused_gc():  # spans, uses and problems are acyclic; see paused_gc
        for report.segments, segment in enumerate(segments, 1):
            if segment.file not in files:
                files[segment.file] = len(files)
            if not (segment.source.isprintable() and segment.target.isprintable()):
                segment = _readable(segment)  # a line break or an invisible character
            sources = zh_spans(segment.source)
            if not sources:  # a pair with no term needs no look at its English
                continue
            chain = english_chain(segment.target)
            joined = compounds(segment.target)
            probes = list(map(_PROBE, map(_VALUE, sources)))
            if None not in probes and _rendered(probes, chain) and (
                    not joined or _clear_of(joined, probes, chain)):
                report.terms += len(set(map(_SETTLED, map(_VALUE, sources))))
            else:
                report.terms += _check_pair(segment, sources, chain_terms(chain, joined),
                                            chain, matcher, problems, uses)
        entries = list(map(attrgetter("entry"), uses))
        renderings = list(map(attrgetter("rendering"), uses))
        problems += (_inconsistent(uses, entries, renderings, matcher)
                     + _shared(uses, entries, renderings, matcher))
        problems.sort(key=lambda p: (files[p.file], p.segment, KINDS.index(p.kind), p.entry))
        report.files = len(files)
        # Gone before the collector is back, which then walks only the problems.
        del uses, entries, renderings
    return report


# A line break between two Chinese characters (a CAT tool's or an editor's wrapping) is no
# word boundary in Chinese; characters that show nothing split a term without a trace.
_WRAP = re.compile(f"(?<=[{CJK_CLASS}])[ \t]*\r?\n[ \t]*(?=[{CJK_CLASS}])")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


def _readable(segment: Segment) -> Segment:
    """The segment as a reader takes it: 西部金融 + line break + 中心 is 西部金融中心 (it
    was no term at all, so its deprecated English passed), and a zero-width space inside
    a term is not there. Quotes then show the text so joined."""
    source = _INVISIBLE.sub("", _WRAP.sub("", segment.source))
    target = _INVISIBLE.sub("", segment.target)
    if source == segment.source and target == segment.target:
        return segment
    return replace(segment, source=source, target=target)


_VALUE = _IDS = itemgetter(2)  # a span's value; a value's entry ids
_FIRST, _STATUS = itemgetter(0), itemgetter(3)
_SETTLED, _PROBE = itemgetter(4), itemgetter(5)
_SHADOWS = itemgetter(5)  # an English value's variants as written (matchvalues._en_values)
_APPROVED = APPROVED_RENDERING.__contains__


def _rendered(probes: list[tuple[str, ...]], chain: str) -> bool:
    """Whether every probed term (settled, see matchvalues._probes) has its approved English in
    the target's word-key chain and none of its other English: then the pair is fine, as
    the English automaton would find, at the cost of a few substring tests."""
    for approved, *others in probes:
        if approved not in chain:
            return False
        for other in others:
            if other in chain:
                return False
    return True


def _clear_of(joined: frozenset[int], probes: list[tuple[str, ...]], chain: str) -> bool:
    """Whether each probed term's approved English stands in the chain at least once clear of
    the hyphenated compounds (``joined``, see wordkeys.compounds), where the automaton, which
    never starts a term inside a compound, finds it too."""
    for approved, *_ in probes:
        at = chain.find(approved)
        while at in joined:
            at = chain.find(approved, at + 1)
        if at < 0:
            return False
    return True


def _check_pair(segment: Segment, sources: list[Span], targets: list[Span], chain: str,
                matcher: Matcher, problems: list[Problem], uses: list[_Use]) -> int:
    """The problems and the renderings used of one segment's source terms; returns how
    many distinct concepts the source has (first occurrence each; homographs stay one).

    Spans are (start, end, value); a Chinese value is (length, form, ids, status,
    settled, note), an English one (length, form, ids, status, type, shadows, note). The English
    terms (``targets``) are taken as the matcher chose them, without their place in the
    text: only a problem that quotes the target looks for that (Matcher.en_quote). Their
    offsets are in ``chain``, the target's word-key chain.
    """
    # Most terms are settled and rendered with approved English only: two sets tell,
    # made in C, and only the rest pay for finding which English terms are theirs.
    values = list(map(_VALUE, targets))
    if any(map(_SHADOWS, values)):
        targets = _as_written(segment.target, targets, matcher)
        values = list(map(_VALUE, targets))
    # Each English term's first entry only: enough, since an entry is never settled when
    # one of its English terms stands for another entry too (matchvalues._may_clash).
    rendered = set(map(_FIRST, map(_IDS, values)))
    if all(map(_APPROVED, map(_STATUS, values))):
        unapproved: set[str] = set()
        settled = list(map(_SETTLED, map(_VALUE, sources)))  # entry ids, None if unsettled
        if rendered.issuperset(settled):
            return len(set(settled))  # the whole pair is fine
    else:
        unapproved = {i for v in values if v[3] not in APPROVED_RENDERING for i in v[2]}
    # Renderings of terms absent from the source: a missing term may have been given one
    # of them. Found once, only for a segment with a missing term; consumed as used.
    strays: list[int] | None = None
    make = tuple.__new__
    seen: set[tuple[str, ...]] = set()
    for start, end, value in sources:
        ids = value[2]
        if ids in seen:
            continue
        seen.add(ids)
        if value[4] is not None and ids[0] in rendered and ids[0] not in unapproved:
            continue  # settled (one entry): no file-wide check can find anything in its uses
        own = set(ids)  # homographs: every English term of any of them, once, in reading order
        mine = [k for k, t in enumerate(targets) if not own.isdisjoint(t[2][2])]
        term = segment.source[start:end]
        if mine and own.isdisjoint(unapproved):  # rendered, and only with approved renderings
            for k in mine:
                t_value = targets[k][2]
                uses.append(make(_Use, (segment, ids[0], term, t_value[1],
                                        t_value[4] in SHORT_TYPES, targets[k])))
            continue
        concept = matcher.concepts[ids[0]]
        for k in mine:
            status = targets[k][2][3]
            if status not in APPROVED_RENDERING:
                problems.append(_problem(segment, "deprecated", concept, term,
                                         matcher.en_quote(segment.target, targets[k]),
                                         _instead(status, concept)))
        if not mine:
            if _held_by(concept, targets, chain):
                continue
            if strays is None:
                strays = _strays(sources, values)
            problems.append(_unrendered(segment, concept, term, strays, targets, matcher))
        for k in mine:
            t_value = targets[k][2]
            if t_value[3] in APPROVED_RENDERING:
                uses.append(_Use(segment, concept.id, term, t_value[1],
                                 t_value[4] in SHORT_TYPES, targets[k]))
    return len(seen)


def _as_written(target: str, targets: list[Span], matcher: Matcher) -> list[Span]:
    """The English terms as the spelling the target uses decides them, where one word-key
    chain stands for spellings of different entries or statuses (matchvalues.as_written):
    'Peoples Bank of China ...' (deprecated) read as 'People's Bank of China ...'
    (admitted) and passed, 'cross-border finance' as 'cross-border financing'."""
    out = []
    for span in targets:
        value = span[2]
        if value[5]:
            value = as_written(value, written_form(matcher.en_quote(target, span)))
        out.append((span[0], span[1], value))
    return out


def _strays(sources: list[Span], values: list[Any]) -> list[int]:
    """Approved renderings in the target (the English terms' ``values``) of entries none of
    the source terms belongs to; worked out in C, as a segment with a missing term asks."""
    in_source = set(chain.from_iterable(map(_IDS, map(_VALUE, sources))))
    return list(compress(range(len(values)), map(and_, map(_APPROVED, map(_STATUS, values)),
                                                  map(in_source.isdisjoint, map(_IDS, values)))))


def _unrendered(segment: Segment, concept: Concept, term: str, strays: list[int],
                targets: list[Span], matcher: Matcher) -> Problem:
    """A source term without its rendering: say what the target seems to have instead."""
    if strays:
        own = [term_chain(r) for r in concept.approved]
        for k in strays:
            theirs = term_chain(targets[k][2][1])
            # (the whole words, spelled as another entry's, are that entry's: see below)
            if any(theirs in whole and theirs != whole for whole in own):
                # "the new corridor" for the New International Land-Sea Trade Corridor: a
                # truncated name, not a confusion with the separate term "corridor".
                strays.remove(k)
                return _problem(segment, "missing", concept, term,
                                matcher.en_quote(segment.target, targets[k]),
                                "only part of the rendering")
        # Not the English of a term the source holds where another overlaps it: in 深度贫困地区
        # the matcher takes 深度贫困, and "deeply impoverished areas" is 贫困地区's English.
        held = matcher.zh_entries(segment.source)
        for k in strays:
            if not held.isdisjoint(targets[k][2][2]):
                continue
            other = matcher.concepts[targets[k][2][2][0]]
            if not _confusable(concept.zh, other.zh):
                continue
            strays.remove(k)
            return _problem(segment, "same-rendering", concept, term,
                            matcher.en_quote(segment.target, targets[k]),
                            f"rendered with the English of {other.zh}")
    near = _near_miss(concept, segment.target)
    return _problem(segment, "missing", concept, term, near,
                    "close but not the same (spelling?)" if near
                    else "no approved rendering in the target")


def _held_by(concept: Concept, targets: list[Span], chain: str) -> bool:
    """Whether an approved rendering of ``concept`` stands whole inside an English term the
    target holds, which leftmost-longest gave the words to: "more proactive fiscal policy"
    renders 积极的财政政策 (proactive fiscal policy) though it is the English of
    更加积极的财政政策, "basic medical insurance" renders 医保. Both were reported as
    confusions on an official translation (Government Work Reports), where a translator
    says more than the source as often as less. Not where the rendering would start on a
    hyphen-joined word of that term (tech enterprises in high-tech enterprises). A term's
    keys are read off the target's ``chain`` where the automaton matched them: the same
    keys as its glossary spelling's, which a glossary of 100,000 entries kept missing
    from term_chain's memo. Not where the term is the rendering's very words, spelled as
    another entry's (as_written gave it to 'cross-border finance', not to 'cross-border
    financing')."""
    own = [keys for keys in map(term_chain, concept.approved) if keys]
    for start, end, value in targets:
        theirs = chain[start:end]
        joined: frozenset[int] | None = None
        for mine in own:
            if value[5] and mine == theirs:
                continue
            at = theirs.find(mine)
            while at >= 0:
                if at == 0:
                    return True
                if joined is None:  # the term's own joints, asked once and only here
                    joined = compounds(value[1]) or frozenset()
                if at not in joined:
                    return True
                at = theirs.find(mine, at + 1)
    return False


def _written(text: str) -> str:
    """A rendering as written, blind to case, hyphens and a plural 's' only."""
    words = written_form(text).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in words)


def _confusable(zh: str, other: str) -> bool:
    """Whether two Chinese terms share two characters in a row (渝金通 and 渝金盾, 深度贫困
    and 贫困地区): then one's English in place of the other's is likely a confusion of
    the two. Any other term's English in the target is more likely the translator's own
    addition: on an official translation checked against 496 approved terms, nearly all
    of 77 such guesses were wrong (创业投资 "rendered with the English of 制造业")."""
    pairs = {zh[i:i + 2] for i in range(len(zh) - 1)}
    return any(other[i:i + 2] in pairs for i in range(len(other) - 1))


NEAR_MISS_SCORE = 88.0
NEAR_WORD_SCORE = 80.0  # each word of a near miss against the rendering's (centre/center 83)
_align: Any = None  # rapidfuzz's partial_ratio_alignment, loaded on first need


def _near_miss(concept: Concept, target: str) -> str:
    """The span of the target closest to an approved rendering, if it is nearly one (centre/center).

    Only reported as evidence: it stays a problem, since the glossary fixes the spelling.
    """
    global _align
    if _align is None:  # ~17 ms to load: only a check with a missing term pays it, once (an
        # import statement in here would cost each missing term more than the alignment)
        from rapidfuzz.fuzz import partial_ratio_alignment as _align
    folded = target.lower()
    for rendering in concept.approved:
        if len(rendering) < 6:
            continue  # short renderings give chance alignments
        found = _align(rendering.lower(), folded, score_cutoff=NEAR_MISS_SCORE)
        if found is not None:
            start, end = found.dest_start, found.dest_end
            # The alignment may take in the space before a word (and then the word before
            # it, "the Western ..."), or stop inside a word ("Centr"); show whole words.
            while start < end and target[start].isspace():
                start += 1
            while end > start and target[end - 1].isspace():
                end -= 1
            while start > 0 and (target[start - 1].isalnum() or _joint(target, start - 1)):
                start -= 1
            while end < len(target) and (target[end].isalnum() or _joint(target, end)):
                end += 1
            near = target[start:end].strip()
            if _word_for_word(rendering, near):
                return near
    return ""


def _joint(text: str, at: int) -> bool:
    """A hyphen between two word characters: a near miss shows the whole compound ('tech
    enterprises' of 'sci-tech enterprises' was quoted, which is an admitted rendering)."""
    return text[at] in "-\u2010\u2011" and 0 < at < len(text) - 1 and text[at - 1].isalnum() \
        and text[at + 1].isalnum()


def _word_for_word(rendering: str, near: str) -> bool:
    """Whether a near miss is a misspelling of the rendering, word by word: as many words,
    each alike (Centre/Center, Financial/Finacial). A close alignment of letters alone
    quoted 'nurture industries' for 'future industries' in 'to nurture industries of the
    future', and the rendering itself where it stood inside a compound."""
    from rapidfuzz.fuzz import ratio

    mine, theirs = rendering.casefold().split(), near.casefold().split()
    return len(mine) == len(theirs) and mine != theirs and all(
        ratio(a, b) >= NEAR_WORD_SCORE for a, b in zip(mine, theirs, strict=True))


def _instead(status: str, concept: Any) -> str:
    """What a deprecated rendering's problem tells the translator to use."""
    if concept.english:
        return f"{status} rendering; use {concept.english!r}"
    return f"{status} rendering; the entry has no approved English yet"


def _problem(segment: Segment, kind: str, concept: Concept, term: str, found: str,
             message: str) -> Problem:
    """``term`` is the Chinese term as it stands in the source."""
    expected = concept.english or ""
    if kind == "missing" and len(concept.approved) > 1:
        others = [r for r in concept.approved if r != expected]
        if others:
            message += f" (admitted: {'; '.join(others)})"
    # tuple.__new__ skips the named tuple's Python-level __new__ (a file can have thousands)
    return tuple.__new__(Problem, (segment.number, kind, concept.id, term, expected,
                                   found, message, segment.file, segment.line))


def _where(seen: Segment, here: Segment) -> str:
    """Where an earlier use stands, seen from a problem's segment: its file too if another."""
    if seen.file == here.file:
        return f"segment {seen.number}"
    return f"{seen.file}, segment {seen.number}"


def _clashing(keys: Iterable[str], values: Iterable[str]) -> set[str]:
    """The keys that come with two or more different values.

    Asked first in C, one dict operation per item (every key against the first
    value it came with): most files have no such key, and this runs over every
    rendering used.
    """
    keys, values = list(keys), list(values)
    first: dict[str, str] = {}
    if not any(map(ne, map(first.setdefault, keys, values), values)):
        return set()
    first = {}  # the search above stopped at the first clash
    return {key for key, value in zip(keys, values, strict=True)
            if first.setdefault(key, value) != value}


def _inconsistent(uses: list[_Use], entries: list[str], renderings: list[str],
                  matcher: Matcher) -> list[Problem]:
    """One Chinese term, two full renderings in one file: flag every use of the minority one.

    ``entries`` and ``renderings`` are the uses' own, as columns.
    """
    full = list(map(not_, map(attrgetter("short"), uses)))
    mixed = _clashing(compress(entries, full), compress(renderings, full))
    by_entry: dict[str, list[_Use]] = {}
    for use in compress(uses, full) if mixed else ():
        if use.entry in mixed:
            by_entry.setdefault(use.entry, []).append(use)
    problems = []
    for entry, used in by_entry.items():
        forms = list(dict.fromkeys(u.rendering for u in used))
        concept = matcher.concepts[entry]
        # The preferred rendering sets the norm when it is used; else whichever came first.
        norm = concept.english if concept.english in forms else forms[0]
        first = next(u for u in used if u.rendering == norm)
        for use in used:
            if use.rendering != norm:
                problems.append(Problem(
                    use.segment.number, "inconsistent", entry, use.term, norm,
                    matcher.en_quote(use.segment.target, use.at),
                    f"{use.term} is rendered {norm!r} elsewhere "
                    f"({_where(first.segment, use.segment)})",
                    use.segment.file, use.segment.line))
    return problems


def _both_approve(rendering: str, one: str, other: str, matcher: Matcher) -> bool:
    """Whether the glossary itself gives both entries this English (副局长 and 副主任 both
    'Deputy Director'): then the translator who used it twice did as told, and only the
    glossary can change it."""
    keys = term_chain(rendering)
    return all(keys in map(term_chain, matcher.concepts[entry].approved)
               for entry in (one, other))


def _shared(uses: list[_Use], entries: list[str], renderings: list[str],
            matcher: Matcher) -> list[Problem]:
    """One English rendering standing for two Chinese terms in one file."""
    # A rendering is the term of the automaton value its English matched, one value per
    # word-key chain: the rendering stands for its chain, with no need to compute it.
    clash = _clashing(renderings, entries)
    first: dict[tuple[str, str], tuple[_Use, str]] = {}
    told: set[tuple[int, str, str, str]] = set()
    problems = []
    for key, use in zip(renderings, uses, strict=True) if clash else ():
        if key not in clash:
            continue  # every use of this rendering stands for one entry
        found = matcher.en_quote(use.segment.target, use.at)
        # The word keys join inflections ('finance' and 'financing' are one chain): two
        # renderings written differently but for a plural are not one rendering (跨境金融
        # 'cross-border finance', 跨境融资 'cross-border financing' were reported as one).
        seen, _ = first.setdefault((key, _written(found)), (use, found))
        once = (id(use.segment), use.entry, seen.entry, key)
        if seen.entry != use.entry and once not in told and not _both_approve(
                key, use.entry, seen.entry, matcher):
            told.add(once)  # the same two in one segment once, however often they stand
            concept = matcher.concepts[use.entry]
            problems.append(Problem(
                use.segment.number, "same-rendering", use.entry, use.term,
                concept.english or "", found,
                f"{found!r} also renders {seen.term} ({_where(seen.segment, use.segment)})",
                use.segment.file, use.segment.line))
    return problems
