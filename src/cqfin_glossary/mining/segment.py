"""Word segmentation with jieba or rjieba, the glossary's Chinese terms loaded as user words."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from ..errors import UsageError

BACKENDS = ("rjieba", "jieba")
USER_FREQ = 200000  # high enough that a glossary term is never split


class Segmenter:
    """Cuts Chinese text into words; ``backend`` is 'rjieba' (fast, default) or 'jieba'."""

    def __init__(self, backend: str = "rjieba", user_words: Iterable[str] = ()):
        if backend not in BACKENDS:
            raise UsageError(f"unknown segmenter {backend!r}; choose one of {', '.join(BACKENDS)}")
        self.backend = backend
        self._impl: Any
        if backend == "rjieba":
            import rjieba

            self._impl = rjieba.Jieba()
            for word in user_words:
                self._impl.add_word(word, USER_FREQ, "nz")
        else:
            import jieba

            jieba.setLogLevel(60)
            self._impl = jieba.Tokenizer()
            for word in user_words:
                self._impl.add_word(word, USER_FREQ)

    def cut(self, text: str) -> list[str]:
        if self.backend == "rjieba":
            return list(self._impl.cut(text))
        return list(self._impl.lcut(text))


def cut_lines(texts: list[str], cut: Callable[[str], list[str]]) -> list[list[str]]:
    """The words of each text, all cut in one call: the line breaks between them are words
    of their own. A text the joined cut does not give back whole (one holding a line break)
    is cut alone."""
    groups: list[list[str]] = [[]]
    for token in cut("\n".join(texts)):
        if token == "\n":
            groups.append([])
        else:
            groups[-1].append(token)
    if len(groups) != len(texts):
        return [cut(text) for text in texts]
    return [parts if "".join(parts) == text else cut(text)
            for text, parts in zip(texts, groups, strict=True)]


@lru_cache(maxsize=2)
def segmenter(backend: str = "rjieba", user_words: tuple[str, ...] = ()) -> Segmenter:
    """A shared segmenter: building one loads the backend's dictionary (a third of a second)."""
    return Segmenter(backend, user_words)
