"""Error types of cqfin-glossary; every one can say where it happened.

    GlossaryError                 root; carries an optional file and line
    ├── InputError                a file we were asked to read is unusable
    │   ├── EncodingError         not decodable (wrong encoding, binary data)
    │   └── FormatError           malformed YAML/PO/TBX/CSV/JSON content
    ├── ValidationError           one or more schema problems in glossary/
    ├── ConflictError             another writer changed the same entry
    ├── LockError                 the glossary is locked by another writer
    └── UsageError                a command was given something it cannot do
"""

from __future__ import annotations


class Problem:
    """One located problem, printed as ``file:line: field: message``.

    A plain class, not a dataclass: this module is on the lookup path, where
    importing dataclasses (and with it inspect) would cost a cold start.
    """

    __slots__ = ("field", "file", "line", "message")

    def __init__(self, file: str, line: int | None, message: str, field: str | None = None):
        self.file = file
        self.line = line
        self.message = message
        self.field = field

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[str, int | None, str, str | None]:
        return (self.file, self.line, self.message, self.field)

    def __repr__(self) -> str:
        return f"Problem({self.file!r}, {self.line!r}, {self.message!r}, {self.field!r})"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class GlossaryError(Exception):
    """Root of all errors the tool reports to a user."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class InputError(GlossaryError):
    """A file cannot be used as input."""


class EncodingError(InputError):
    """A file is not text in an encoding we accept."""


class FormatError(InputError):
    """A file's content does not follow its format."""


class ValidationError(GlossaryError):
    """The glossary breaks the schema; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first.message + more, first.file, first.line)
        self.problems = problems
        self.field = first.field

    def __str__(self) -> str:
        extra = len(self.problems) - 1
        more = f" (and {extra} more; run 'validate')" if extra > 0 else ""
        return str(self.problems[0]) + more


class ConflictError(GlossaryError):
    """Two writers changed the same entry; nothing was written."""


class LockError(GlossaryError):
    """The glossary is being written by another process."""


class UsageError(GlossaryError):
    """A request that cannot be carried out as asked."""
