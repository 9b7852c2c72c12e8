"""Hold Python's cyclic garbage collector while many acyclic objects are made.

Every few hundred new container objects the collector walks the young ones, and
now and then the whole heap: while check builds its spans and problems, or the
miner its lines, n-gram lists and figures (tuples and lists of strings and
ints, which make no cycles), that is work that frees nothing. Reference
counting still frees everything as usual.
"""

from __future__ import annotations

import gc


class paused_gc:  # lower case: used as a statement, like contextlib's helpers
    """The collector held inside the block, and restored as it was after, so nesting and
    a caller's own setting hold (and two threads that overlap leave it enabled at the end).

    On 5 MB of annotate that was a third of the matching time: a long text's matches
    stay alive until the end, and each collection walked them all again.
    """

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            gc.enable()
