"""The concept-oriented glossary model: entries holding Chinese and English terms; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class EntryStatus(str, Enum):
    """Workflow state of a whole entry."""

    CANDIDATE = "candidate"
    APPROVED = "approved"
    REJECTED = "rejected"


class TermStatus(str, Enum):
    """Usage status of one term (TBX-Basic administrativeStatus)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"


# TBX partOfSpeech and termType picklists (ISO 30042 TBX-Basic).
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "properNoun", "other")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
LANGUAGES = ("zh", "en")

# Ordering used wherever renderings are listed for a person.
TERM_STATUS_RANK = {s: i for i, s in enumerate(TermStatus)}


@dataclass
class Term:
    """One designation of the concept in one language."""

    term: str
    status: TermStatus = TermStatus.PREFERRED
    type: str | None = None
    hant: str | None = None  # editor's override of the derived Traditional form (zh only)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"term": self.term, "status": self.status.value}
        for key in ("type", "hant", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class Occurrence:
    """Where a term stands in a corpus file (1-based line)."""

    source: str
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "text": self.text}


@dataclass
class Suggestion:
    """A proposed English rendering with the evidence that supports it."""

    term: str
    score: float
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"term": self.term, "score": round(self.score, 4)}
        if self.evidence:
            out["evidence"] = list(self.evidence)
        return out


@dataclass
class Mining:
    """What the miner measured for the entry's Chinese term."""

    score: float = 0.0
    frequency: int = 0
    doc_frequency: int = 0
    components: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "score": round(self.score, 4),
            "frequency": self.frequency,
            "doc_frequency": self.doc_frequency,
        }
        if self.components:
            out["components"] = {k: round(v, 4) for k, v in self.components.items()}
        return out


@dataclass
class Entry:
    """One concept: its terms in each language and what is known about it."""

    id: str
    status: EntryStatus = EntryStatus.CANDIDATE
    zh: list[Term] = field(default_factory=list)
    en: list[Term] = field(default_factory=list)
    subject: str | None = None
    pos: str | None = None
    definition: str | None = None
    note: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    mining: Mining | None = None
    changed: str | None = None  # ISO 8601 time of the last editorial change

    def terms(self, lang: str) -> list[Term]:
        return self.zh if lang == "zh" else self.en

    def preferred(self, lang: str) -> Term | None:
        """The preferred term of a language, else its first admitted one."""
        terms = self.terms(lang)
        for term in terms:
            if term.status is TermStatus.PREFERRED:
                return term
        usable = [t for t in terms if t.status is TermStatus.ADMITTED]
        return usable[0] if usable else None

    @property
    def headword(self) -> str:
        """The Chinese term that names the entry in lists and exports."""
        term = self.preferred("zh")
        return term.term if term else (self.zh[0].term if self.zh else self.id)

    @property
    def english(self) -> str | None:
        term = self.preferred("en")
        return term.term if term else None

    def to_dict(self) -> dict[str, Any]:
        """The canonical key order of the YAML files."""
        out: dict[str, Any] = {"id": self.id, "status": self.status.value}
        if self.subject is not None:
            out["subject"] = self.subject
        out["zh"] = [t.to_dict() for t in self.zh]
        out["en"] = [t.to_dict() for t in self.en]
        for key in ("pos", "definition", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.occurrences:
            out["occurrences"] = [o.to_dict() for o in self.occurrences]
        if self.suggestions:
            out["suggestions"] = [s.to_dict() for s in self.suggestions]
        if self.mining is not None:
            out["mining"] = self.mining.to_dict()
        if self.changed is not None:
            out["changed"] = self.changed
        return out
