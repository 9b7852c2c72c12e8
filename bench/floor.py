"""Side-by-side timing against the honest floor: interleaved pairs, medians, ratio and spread.

Every bench times our code (A) and the floor it is held to (B) in the same run:
one warm-up of each (caches and page faults on both sides), then A B A B ...
for at least five pairs, the same garbage-collector state for both. It prints
the median times, the median of the per-pair ratios A/B, their spread (lowest
and highest ratio) and the target. Times are CPU seconds of this process, or
of its children for a subprocess, because the machine is shared: wall time
measures the neighbours as much as the code.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = cpu()
    run()
    return cpu() - start


class Pairs:
    """The timings of an interleaved comparison."""

    def __init__(self, ours: list[float], floor: list[float]):
        self.ours = ours
        self.floor = floor
        self.ratios = [a / b for a, b in zip(ours, floor, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def median(self) -> float:
        return statistics.median(self.ours)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor)


def compare(ours: Callable[[], object], floor: Callable[[], object], pairs: int = 5,
            before: Callable[[], object] | None = None,
            before_ours: Callable[[], object] | None = None) -> Pairs:
    """A B A B ...: ``before`` (untimed) runs ahead of every timed call on both sides,
    ``before_ours`` (untimed) ahead of ours only (an edit to look up after, say)."""
    pairs = max(pairs, 5)
    a: list[float] = []
    b: list[float] = []
    for n in range(pairs + 1):
        for side, out in ((ours, a), (floor, b)):
            if before is not None:
                before()
            if before_ours is not None and side is ours:
                before_ours()
            took = timed(side)
            if n:  # the first round warms both sides and is not counted
                out.append(took)
    return Pairs(a, b)


def show(what: str, result: Pairs, floor_name: str, target: float | None,
         limit: float | None = None, unit: str = "s") -> bool:
    """One line per figure: ours, the floor, ratio, spread, target and verdict."""
    scale, fmt = (1000.0, "{:8.1f} ms") if unit == "ms" else (1.0, "{:7.2f} s")
    ok = (target is None or result.ratio <= target) and (limit is None or result.median <= limit)
    goal = []
    if target is not None:
        goal.append(f"<= {target:g}x")
    if limit is not None:
        goal.append(f"<= {limit * scale:g} {unit}")
    print(f"{what}\n  ours {fmt.format(result.median * scale)}  vs {floor_name} "
          f"{fmt.format(result.floor_median * scale)}  ratio {result.ratio:5.2f}x "
          f"(spread {min(result.ratios):.2f}-{max(result.ratios):.2f}, {len(result.ratios)} "
          f"pairs)  target {' and '.join(goal) or 'none'}: {'ok' if ok else 'NOT MET'}")
    return ok


def run_quiet(cmd: Sequence[str], env: dict[str, str] | None = None) -> int:
    """A subprocess with its output thrown away; its CPU time counts as the children's."""
    return subprocess.run(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=env or dict(os.environ), check=False).returncode


def wall(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def yaml_floor(files: Sequence[Path]) -> None:
    """The load floor: libyaml's loader over the same files, the collector off as ours has it."""
    import yaml

    gc.disable()
    try:
        for f in files:
            yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()
