"""English policy terms of English text: noun-phrase candidates found without a tagger, ranked.

A line is cut into tokens; stopwords, verbs, numbers, punctuation, news-report
words and capitalised words (names, handled by ``english.english_terms``) are
boundaries, and "of", "and", "for", "in" may join two content words. Every
span of content words that may start and end a noun phrase (no "-ed" or "-ly"
word or adjective last, no verb-like or degree word first) is a candidate.
``rank`` scores them by termhood: C-value with nested-term reduction, the
specificity of their words against general English (wordfreq), how many
documents hold them, and cues (quoted, a name, an acronym's expansion).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .enwords import STOPWORDS, VERBS, is_pinyin_name, is_pinyin_word, zipf  # noqa: F401
from .enwords import words as _words

# "of" and "in" mostly attach an act to a term ("expansion of pilots", "paradigms in digital
# finance"), so only "and" and "for" may join inside a lowercase term.
JOINS = frozenset(["and", "for"])
# Heads that "for" may follow: an instrument and its beneficiary ("loans for small and micro
# businesses", "micro-credit for poverty alleviation").
FOR_HEADS = _words("""
loan loans credit micro-credit microcredit microfinance lending financing fund funds insurance
bond bonds guarantee guarantees subsidy subsidies relief
""")
# Adjectives without an adjective's ending: they may not end a term.
PLAIN_ADJECTIVES = _words("""
small large big medium micro foreign domestic high low new old long short good great full open
main prime inland overseas joint local
""")
MAX_WORDS = 7
MAX_JOINS = 2
# A run of other characters is one token: a line of ten million '<' is one boundary, not
# ten million (the chunker's Python work is per token).
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’\-][A-Za-z0-9]+)*|\d+(?:st|nd|rd|th)\b"
                    r"|\d[\d.,%]*|[^\sA-Za-z0-9]+")
_SENTENCE_END = frozenset(".!?:;\"“”-–—[]()")

# Words of news reports that never belong to a policy term ("said", "percent", units, dates).
NEWS = _words("""
said says say noted added announced according reported told explained emphasized stressed
percent percentage points year-on-year year-over-year yoy billion trillion million thousand
hundred yuan dollars usd approx approximately about nearly over around press conference
photo xinhua reporter reporters sources source official officials spokesperson staff
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
year years month months week weeks day days time times period end beginning late early
meanwhile additionally moreover furthermore however also example instance basis addition
way ways lot lots number numbers part parts kind kinds thing things one ones first second
third fourth five four three two six seven eight nine ten
""")
# Verbs a news report uses, in the forms that are not caught by their "-ed" ending.
MORE_VERBS = _words("""
rose risen grew grown hit set made make makes put took taken gave given led brought held won
go goes went seen saw become became keep kept stood run ran built sought
doubled surged exceeded surpassed neared reached topped
equips involves intends plans explains emphasizes launches introduces promotes
accelerate accelerates advance advances advocate boost build continue create deepen develop
encourage enhance ensure establish expand facilitate foster guide help implement improve
increase innovate launch lift mitigate monitor optimize promote provide ramp reduce
reinforce serve stabilize standardize stimulate strengthen support transform upgrade
focus coordinate address fix expect expected aim seek move moves
pursue uphold safeguard cultivate nurture consolidate refine bolster expedite tackle curb
prevent defuse forestall resolve attract unleash spur harness adopt apply stabilise play
""")
# Words that grade or count rather than name: they may not open a term.
DEGREE = _words("""
key major various several certain relevant further significant continuous overall specific
main important existing remaining pressing current recent latest next past previous total
annual average same different many much some all any every own whole full more less most
least higher lower larger smaller greater better best top leading related respective
timely thorough detailed precise superior robust solid dedicated diverse efficient
collaborative continued ongoing strong stronger closely comprehensive effective
""")
# Adverbs and particles without an adverb's ending ('move ahead with', 'carry forward').
PARTICLES = _words("""
ahead forward forwards onward onwards together away back upward upwards downward downwards
""")
# "-ing" words that are nouns and may open a term ("financing balance").
GERUNDS = _words("""
financing banking lending manufacturing housing funding hedging pricing accounting
marketing clothing spending savings training trading building planning shipping processing
consulting borrowing leasing insurance-underwriting warehousing engineering mining
emerging leading developing ageing aging nursing computing catering operating
sharing reporting rating clearing monitoring listing underwriting restructuring budgeting
offering opening farming schooling caregiving
""")
# Words ending like adjectives that are nouns and may end a term.
NOUNS = _words("""
capital proposal approval rental potential incentive incentives initiative initiatives
executive collective alternative hospital terminal arrival renewal withdrawal withdrawals
disposal interval manual journal festival signal material materials criminal individual
individuals principal rival total traffic public clinic logic topic republic mechanic
graphic logistics economics politics statistics plastic fabric equity need seed speed
supply family assembly monopoly anomaly ally rally reply
""")
# Adjectives ending in "-ly" (not adverbs): they stay inside a term ("elderly care services",
# "eco-friendly products") though they may not end one.
LY_ADJECTIVES = _words("""
elderly friendly orderly costly daily weekly monthly quarterly yearly
""")
# Last words that only say what kind of thing a term names ("digital yuan pilot program",
# "cross-border renminbi settlement volume"): the words before them are the term.
TAILS = _words("""
program programme programs pilot pilots initiative initiatives volume volumes efforts
reforms policies guidelines transactions products services sites quotas measures work plans
scheme schemes project projects platform platforms system systems sector sectors
""")
_ADJECTIVE_ENDINGS = ("al", "ive", "ous", "ful", "ic", "able", "ible", "less", "ly")


def phrases(line: str) -> list[str]:
    """Candidate noun phrases of an English line (each span once per place it occurs)."""
    out: list[str] = []
    for chunk in _chunks(line):
        out += _spans(tuple(chunk))
    return out


def _chunks(line: str) -> list[list[str]]:
    """Runs of content words and joins between boundaries, trimmed of joins at either end."""
    chunks: list[list[str]] = []
    current: list[str] = []
    initial = True  # the next word opens a sentence (its capital says nothing)
    previous = ""
    for token in _TOKEN.findall(line):
        word, marked, opens, boundary, verb = _read(token, initial)
        if boundary is None:
            # "-ed"/"-ing" right after an auxiliary or a name is a verb ("has issued",
            # "Chongqing unveiled").
            boundary = previous in _AUXILIARIES or previous == "Name"
        if word == "up" and current and current[-1] == "opening":
            current.append(word)  # 'reform and opening up': the particle is part of the noun
        elif word is None or (boundary and not _noun_after_adjective(word, current)) or (
                verb and _after_noun(current)):
            chunks.append(current)
            current = []
        else:
            current.append(word)
        previous, initial = marked, opens
    chunks.append(current)
    trimmed = []
    for chunk in chunks:
        while chunk and chunk[0] in JOINS:
            chunk = chunk[1:]
        while chunk and chunk[-1] in JOINS:
            chunk = chunk[:-1]
        if chunk:
            trimmed.append(chunk)
    return trimmed


@lru_cache(maxsize=131072)
def _read(token: str, initial: bool) -> tuple[str | None, str, bool, bool | None, bool]:
    """(the token as a phrase word, what the next token sees as the word before it, whether
    the next token opens a sentence, whether the word is a boundary (``_boundary_by_form``),
    whether it is a verb form (``_verb_form``)): all that the chunker asks of a token, kept
    per token (text repeats its words)."""
    # A participle after a name is its verb ("Chongqing unveiled", "... in Chongqing
    # highlighted"): mark the name with a capital.
    marked = "Name" if token[0].isupper() and not initial else token.lower()
    # A run of punctuation leaves the state its last character would.
    opens = not token[0].isalnum() and token[-1] in _SENTENCE_END
    word = _as_word(token, initial)
    if word is None:
        return None, marked, opens, True, False
    return word, marked, opens, _boundary_by_form(word), _verb_form(word)


def _as_word(token: str, initial: bool) -> str | None:
    """The token as a phrase word, or None when it is a boundary by its form."""
    if not (token[0].isascii() and token[0].isalpha()) or "'" in token or "’" in token:
        return None  # numbers, punctuation, possessives ("Chongqing's")
    if token.isupper() and 2 <= len(token) <= 6:
        return token  # acronyms stay inside phrases ("cross-border RMB settlement")
    if token[0].isupper():
        lower = token.lower()
        # A capital opening a sentence hides a common word; elsewhere it marks a name.
        common = zipf(lower)
        if initial and common >= 3.0 and not (common < 4.0 and is_pinyin_word(lower)):
            return lower
        return None
    return token


@lru_cache(maxsize=131072)
def _boundary_by_form(word: str) -> bool | None:
    """Whether the word is a boundary whatever stands before it; None for an "-ed"/"-ing"
    word, which is one after an auxiliary or a name only. Kept per word: per word and word
    before it, most look-ups of a line were new."""
    lower = word.lower()
    if lower in JOINS:
        return False
    if lower in STOPWORDS or lower in NEWS or lower in VERBS or lower in MORE_VERBS:
        return True
    if _adverb(lower) or lower in DEGREE or lower in PARTICLES:
        return True
    return None if lower.endswith(("ed", "ing")) else False


def _after_noun(current: list[str]) -> bool:
    """'enterprises leveraged', 'balances growing': an "-ed"/"-ing" word (``_verb_form``)
    after a noun is its verb (or opens a clause about it)."""
    return bool(current) and current[-1] not in JOINS and _can_end(current[-1])


@lru_cache(maxsize=65536)
def _verb_form(word: str) -> bool:
    """An "-ed"/"-ing" word that is no gerund noun nor compound: asked of most words of a
    line, so kept per word."""
    lower = word.lower()
    if "-" in lower or lower in GERUNDS or lower.endswith("eed"):
        return False
    return lower.endswith(("ed", "ing"))


def _noun_after_adjective(word: str, current: list[str]) -> bool:
    """'technological advances', 'financial supports': after an adjective a word that may be
    a verb is a noun."""
    if not current or word.lower() not in MORE_VERBS:
        return False
    last = current[-1].lower().rsplit("-", 1)[-1]
    return last in PLAIN_ADJECTIVES or (
        last.endswith(_ADJECTIVE_ENDINGS[:-1]) and last not in NOUNS and last not in DEGREE)


_AUXILIARIES = _words("has have had is are was were be been being will would can may to by")


@lru_cache(maxsize=65536)
def _spans(chunk: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases of a chunk; kept per chunk, for half the chunks of a document recur in it
    ('high-quality development', 'the real economy')."""
    out = []
    for i, first in enumerate(chunk):
        if first in JOINS or first == "up" or not _can_start(first):
            continue
        joins, since, tail = 0, 0, 3  # joins so far; words since the last one; most after it
        for j in range(i, min(len(chunk), i + MAX_WORDS)):
            word = chunk[j]
            if word in JOINS:
                joins += 1
                # after a word that cannot end a phrase (an adjective: "stable industrial and
                # supply chains") a span opens as at the start of the chunk
                opens = i == 0 or chunk[i - 1] in JOINS or not _can_end(chunk[i - 1])
                if not _may_join(word, chunk[j - 1], since, joins, chunk[i:j], opens):
                    break
                # "epidemic prevention and control", "small and micro businesses"
                tail = (1 if since == 2 else 4) if word == "and" else 3
                since = 0
                continue
            since += 1
            if since > tail and joins:
                break  # a long tail after a join is another phrase
            if _can_end(word):
                out.append(" ".join(chunk[i:j + 1]))
    return tuple(out)


def _may_join(join: str, before: str, since: int, joins: int, span: tuple[str, ...],
              opens_chunk: bool) -> bool:
    """'re-lending and re-discount', 'loans for small and micro businesses'; not two terms
    coordinated ('tax incentives and benefits') nor half a term joined to another."""
    if joins > MAX_JOINS or before in JOINS or before == "up" or since > 3 or "and" in span:
        return False  # nothing joins after "and"
    if join == "and":
        plural = before.endswith("s") and not before.endswith("ss")
        return since <= 2 and not plural and (opens_chunk or joins > 1)
    return before.lower() in FOR_HEADS


def _adverb(lower: str) -> bool:
    """'fully', 'steadily'; not 'supply', 'family' nor 'elderly', 'eco-friendly'."""
    last = lower.rsplit("-", 1)[-1]
    return last.endswith("ly") and last not in NOUNS and last not in LY_ADJECTIVES


@lru_cache(maxsize=65536)
def _can_start(word: str) -> bool:
    lower = word.lower()
    if lower in DEGREE or lower in MORE_VERBS:
        return False
    return not (lower.endswith("ing") and lower not in GERUNDS and "-" not in lower)


@lru_cache(maxsize=65536)
def _can_end(word: str) -> bool:
    lower = word.lower()
    if word.isupper() or lower in NOUNS or lower in GERUNDS:
        return True
    if lower.endswith("ed") and not lower.endswith("eed"):
        return False
    last = lower.rsplit("-", 1)[-1]
    if last in PLAIN_ADJECTIVES or (last.endswith("ing") and "-" not in lower):
        return False
    return not (last.endswith(_ADJECTIVE_ENDINGS) and last not in NOUNS) and lower not in DEGREE


def specificity(term: str) -> float:
    """0..1: how far the term's content words are from everyday English, on average (one rare
    word does not make a phrase of common ones a term)."""
    words = [w for w in term.split() if w.lower() not in JOINS]
    if not words:
        return 0.05
    each = [max(0.05, min(1.0, (6.5 - zipf(w)) / 3.0)) for w in words]
    return sum(each) / len(each)


Ranked = tuple[str, float, int, int, dict[str, float]]


def rank(found: Counter[str], cued: Counter[str], docs: Counter[str],
         limit: int) -> list[Ranked]:
    """(term, score, frequency, documents, components) best first.

    ``found`` counts the noun phrases by surface form, ``cued`` the quoted terms, names
    and acronyms, ``docs`` the documents holding each (by case-folded key)."""
    forms: dict[str, Counter[str]] = {}
    freq: Counter[str] = Counter()
    for counts in (found, cued):
        by_key: Counter[str] = Counter()
        for form, n in counts.items():
            key = _key(form)
            forms.setdefault(key, Counter())[form] += n
            by_key[key] += n
        for key, n in by_key.items():
            freq[key] = max(freq[key], n)  # one occurrence may be seen by both extractors
    cue_keys = {_key(form) for form in cued}
    nested = _containers(freq)
    out: list[Ranked] = []
    for key, n in freq.items():
        form = _best_form(forms[key])
        parts = nested.get(key, [])
        if key not in cue_keys and _fragment(key, n, [freq[p] for p in parts]):
            continue
        rest = n - sum(freq[p] for p in parts) / len(parts) if parts else float(n)
        size = sum(1 for w in key.split() if w not in JOINS)
        cvalue = math.log2(1 + min(size, 3 if n > 1 else 2)) * max(rest, 0.5)
        spec = specificity(form)
        spread = 1 + 0.5 * math.log2(max(1, docs.get(key, 1)))
        bonus = 1.5 if key in cue_keys else 0.5 if _tailed(key, freq) else 1.0
        score = cvalue * spec * spread * bonus
        out.append((form, round(score, 4), n, docs.get(key, 1),
                    {"c-value": round(cvalue, 3), "specificity": round(spec, 3),
                     "documents": float(docs.get(key, 1)), "cue": bonus}))
    out.sort(key=lambda r: (-r[1], r[0]))
    return out[:limit]


NESTED_SHARE = 0.8


def _fragment(key: str, n: int, container_counts: list[int]) -> bool:
    """A lone word, or a part that (seen twice or more) is nearly always inside the same
    longer term: 'alleviation' (47 times) of 'poverty alleviation' (43), the share the
    Chinese side's nested reduction takes too (scoring.NESTED)."""
    if " " not in key and (n < 2 or zipf(key) >= 3.0):
        return True
    return n >= 2 and max(container_counts, default=0) >= NESTED_SHARE * n


def _tailed(key: str, freq: Counter[str]) -> bool:
    """The term is another term of two words or more plus a word of kind ("... pilot program")."""
    head, _, last = key.rpartition(" ")
    return last in TAILS and " " in head and head in freq


def _with_tail(key: str) -> set[tuple[str, str]]:
    return {(key, tail) for tail in TAILS}


@lru_cache(maxsize=131072)
def term_key(term: str) -> str:
    """The form English terms are matched on (case, spacing and curly apostrophes ignored)."""
    return " ".join(term.replace("’", "'").casefold().split())


_key = term_key


@lru_cache(maxsize=131072)
def phrase_key(term: str) -> str:
    """``term_key`` with its last word singular: what the aligned-sentence counts key a phrase
    by, so that 'multi-tiered capital market' and '... markets' add up instead of each losing
    to 'multi-tiered capital', seen with both."""
    key = term_key(term)
    head, space, last = key.rpartition(" ")
    return head + space + singular(last)


# Plurals that name something else than their singular: 证券 is 'securities', not the
# 'security' of national security, and 期货 'futures', not a 'future'.
PLURAL_NOUNS = _words("""
securities futures goods customs savings earnings proceeds arrears means works arms damages
headquarters premises
""")


def singular(word: str) -> str:
    """A plural English word as its singular, crudely (markets, policies, businesses)."""
    if word in PLURAL_NOUNS:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


def _best_form(forms: Counter[str]) -> str:
    """The usual spelling; on a tie the lowercase one (a capital may just open a sentence)."""
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0]


def _containers(freq: Counter[str]) -> dict[str, list[str]]:
    """For each term, the longer terms that contain it as whole words."""
    by_word: dict[str, list[str]] = {}
    for key in freq:
        for word in set(key.split()):
            by_word.setdefault(word, []).append(key)
    out: dict[str, list[str]] = {}
    for key in freq:
        first = key.split()[0]
        padded = f" {key} "
        # "X program" does not make X a fragment: it names a kind of X's thing.
        out[key] = [other for other in by_word.get(first, ())
                    if other != key and padded in f" {other} "
                    and other.rpartition(" ")[::2] not in _with_tail(key)]
    return {k: v for k, v in out.items() if v}


def document_keys(terms: Iterable[str]) -> set[str]:
    return {_key(t) for t in terms}
