"""Editor speed at 1,000 and 100,000 entries: time to first paint, per-keystroke filter latency.

    python bench/tui.py                     # 1,000 and 100,000 entries (the targets)
    python bench/tui.py --sizes 1000 10000  # a quick run while developing

First, from a glossary on disk in one file (as `mine` writes it, parse cache
warm): start to a filled entry pane, and save latency (a key that changes the
entry until the file on disk holds the change), the two sizes interleaved.
Then for each size it prints: the first frame (the app starts, paints 'loading…' and
loads in a worker, as `cqfin-glossary edit` does), rows painted (the app given
an in-memory glossary until the list shows its rows), and the filter latency
per typed character: the wall time from the character entering the filter box
to the next frame after the list was filtered (one slice of the remaining
matches included); the app's handler alone (filter to the first screenful
plus list update) and the longest slice of the rest found between frames;
and the core filter alone, first screenful and full result. Then the 100k/1k ratio of each.
Reading the YAML is the store's cost and is reported once, at the small size only.
Targets: rows painted <= 1.5 s and filter <= 50 ms per keystroke at 100k;
ratio <= 3 for both.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import entry as synthetic_entry

from cqfin_glossary import store
from cqfin_glossary.model import Mining

SIZE = (120, 40)
QUERIES = ["finance 12", "重庆金融", "credit"]


def make_glossary(root: Path, n: int) -> store.Glossary:
    rng = random.Random(5)
    glossary = store.Glossary(root)
    for i in range(n):
        entry = synthetic_entry(rng, i)
        entry.mining = Mining(score=rng.random(), frequency=rng.randint(1, 900), doc_frequency=1)
        glossary.add(entry, f"part-{i % 10}.yaml")
    return glossary


async def first_frame(root: Path) -> float:
    """Start as the command does (loading in a worker) until the first frame is on screen."""
    from cqfin_glossary.tui.app import GlossaryApp

    start = time.perf_counter()
    app = GlossaryApp(root)
    async with app.run_test(size=SIZE):
        await painted(app)
        elapsed = time.perf_counter() - start
        await app.workers.wait_for_complete()
    return elapsed


async def painted(app) -> None:
    """Wait for the next frame (Pilot.pause would also wait for the key worker to go idle)."""
    frame = asyncio.Event()
    app.call_after_refresh(frame.set)
    await frame.wait()


async def rows_and_keys(glossary: store.Glossary) -> tuple[float, list[float], list[float],
                                                          list[float]]:
    from textual.widgets import Input

    from cqfin_glossary.tui.app import GlossaryApp
    from cqfin_glossary.tui.entry_list import EntryList

    start = time.perf_counter()
    app = GlossaryApp(glossary.root, glossary=glossary)
    async with app.run_test(size=SIZE) as pilot:
        entries = app.query_one(EntryList)
        while not entries.view:
            await asyncio.sleep(0)
        await painted(app)
        first_paint = time.perf_counter() - start
        await app.workers.wait_for_complete()  # pinyin keys: measure typing after them
        app.query_one("#status").active = "all"
        await pilot.pause()
        filtered: list[asyncio.Event] = []
        handler = timed(app, "_refresh_view", lambda: filtered and filtered[-1].set())
        completion = timed(app, "_complete_view")
        box = app.query_one("#filter", Input)
        latencies = []
        for query in QUERIES:
            box.focus()
            for char in query:
                # Wall time from the character entering the box to the next frame after the
                # list was filtered (Pilot.press is not used: it sleeps to detect idleness).
                filtered.append(asyncio.Event())
                t = time.perf_counter()
                box.insert_text_at_cursor(char)
                await filtered[-1].wait()
                await painted(app)
                latencies.append(time.perf_counter() - t)
            box.value = ""
            await app.workers.wait_for_complete()
            await painted(app)
    return first_paint, latencies, handler, completion


def timed(app: object, name: str, after: Callable[[], object] | None = None) -> list[float]:
    """Wrap one method of ``app``; the returned list fills with the time of each call."""
    method = getattr(app, name)
    times: list[float] = []

    def wrapper(*args: object) -> None:
        t = time.perf_counter()
        method(*args)
        times.append(time.perf_counter() - t)
        if after is not None:
            after()

    setattr(app, name, wrapper)
    return times


def core_filter(glossary: store.Glossary) -> tuple[list[float], list[float]]:
    from cqfin_glossary.review import ReviewList
    from cqfin_glossary.tui.app import HEAD_ROWS

    review = ReviewList(list(glossary))
    while review.fill():
        pass
    review.select("重", "all")  # OpenCC is loaded once
    head, full = [], []
    for query in QUERIES:
        for k in range(1, len(query) + 1):
            t = time.perf_counter()
            review.select(query[:k], "all", limit=HEAD_ROWS)
            head.append(time.perf_counter() - t)
            t = time.perf_counter()
            review.select(query[:k], "all")
            full.append(time.perf_counter() - t)
    return head, full


def load_time(glossary: store.Glossary) -> float:
    store.save(glossary)
    start = time.perf_counter()
    store.load(glossary.root)
    return time.perf_counter() - start


def disk_glossary(root: Path, n: int) -> None:
    """``n`` entries in one file, as `mine` leaves them (the worst case for a save), cache warm."""
    glossary = make_glossary(root, n)
    for entry in glossary:
        glossary._file_of[entry.id] = store.DEFAULT_FILE
    store.save(glossary)
    store.load(root)  # the parse cache, as after any earlier run of the tool


async def start_to_pane(root: Path) -> float:
    """From starting the editor on a folder until the first entry is shown in the pane."""
    from cqfin_glossary.tui.app import GlossaryApp
    from cqfin_glossary.tui.entry_pane import EntryPane

    start = time.perf_counter()
    app = GlossaryApp(root)
    async with app.run_test(size=SIZE):
        pane = app.query_one(EntryPane)
        while pane.entry is None:
            await asyncio.sleep(0.001)
        await painted(app)
        elapsed = time.perf_counter() - start
        await app.workers.wait_for_complete()
    return elapsed


async def save_latencies(root: Path, saves: int = 7) -> list[float]:
    """Keystroke (x or c on the current entry) until the file on disk holds the change."""
    from textual.events import Key

    from cqfin_glossary.tui.app import GlossaryApp

    app = GlossaryApp(root)
    path = root / store.DEFAULT_FILE
    out = []
    async with app.run_test(size=SIZE) as pilot:
        # Saves are measured once the key worker (started after the first paint) is done.
        while app.review is None or not app.review.pinyin_ready or app.images == {}:
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for k in range(saves):
            before = path.stat().st_mtime_ns
            key = "x" if k % 2 == 0 else "c"
            t = time.perf_counter()
            # Posted as the terminal driver does: Pilot.press would also wait for the app to
            # go idle, which no user waits for.
            app.post_message(Key(key, key))
            while path.stat().st_mtime_ns == before or app.unsaved:
                await asyncio.sleep(0.002)
            out.append(time.perf_counter() - t)
            await pilot.pause()
        await app.workers.wait_for_complete()
    return out


def release() -> None:
    """Free the app just closed: the editor freezes its entries for the GC, which would keep
    every earlier run's 100,000 entries alive."""
    gc.unfreeze()
    gc.collect()


def disk_figures(small: int, large: int, pairs: int = 5) -> None:
    """Start-to-pane and save latency from disk, the two sizes interleaved, medians of pairs."""
    with tempfile.TemporaryDirectory() as tmp:
        roots = {n: Path(tmp) / f"g{n}" for n in (small, large)}
        for n, root in roots.items():
            root.mkdir()
            disk_glossary(root, n)
        starts: dict[int, list[float]] = {small: [], large: []}
        saves: dict[int, list[float]] = {small: [], large: []}
        for _ in range(pairs):
            for n in (small, large):
                starts[n].append(asyncio.run(start_to_pane(roots[n])))
                release()
        for _ in range(pairs):  # A B A B: the machine's load falls on both sizes alike
            for n in (small, large):
                saves[n] += asyncio.run(save_latencies(roots[n], saves=5))
                release()
    for label, runs, target in (("start to filled pane s", starts, "<= 3 s at 100k"),
                                ("save one change s", saves, "<= 1 s and <= 5x at 100k")):
        for n in (small, large):
            runs[n].sort()
            print(f"{n:>7,} entries  {label:<24} median {statistics.median(runs[n]):7.3f}"
                  f"  spread {runs[n][0]:.3f}-{runs[n][-1]:.3f}")
        ratio = statistics.median(runs[large]) / statistics.median(runs[small])
        print(f"ratio {large:,}/{small:,}  {label:<24} {ratio:.2f}   target {target}")


def measure(n: int, with_load: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "glossary"
        root.mkdir()
        glossary = make_glossary(root, n)
        first_paint, keys, handler, completion = asyncio.run(rows_and_keys(glossary))
        head, full = core_filter(glossary)
        out = {"rows painted s": first_paint, "key to frame p50 ms": statistics.median(keys) * 1e3,
               "key to frame max ms": max(keys) * 1e3, "handler max ms": max(handler) * 1e3,
               "rest-after-paint max ms": max(completion, default=0.0) * 1e3,
               "core head max ms": max(head) * 1e3, "core full max ms": max(full) * 1e3}
        if with_load:
            out["store.load s"] = load_time(glossary)
            out["first frame s"] = asyncio.run(first_frame(root))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 100_000])
    parser.add_argument("--disk-only", action="store_true",
                        help="only start-to-pane and save latency from disk")
    parser.add_argument("--skip-disk", action="store_true",
                        help="skip start-to-pane and save latency from disk")
    args = parser.parse_args()
    small, large = args.sizes
    if not args.skip_disk:
        disk_figures(small, large)
    if args.disk_only:
        return
    measure(50, with_load=False)  # warm-up: imports and first-use caches count for neither size
    results = {n: measure(n, with_load=(n == small)) for n in (small, large)}
    for n, figures in results.items():
        print(f"{n:>7,} entries")
        for key, value in figures.items():
            print(f"    {key:<24} {value:10.3f}")
    for key in ("rows painted s", "key to frame p50 ms", "key to frame max ms", "handler max ms",
                "core head max ms", "core full max ms"):
        ratio = results[large][key] / max(results[small][key], 1e-9)
        print(f"ratio {large:,}/{small:,}  {key:<20} {ratio:.2f}")


if __name__ == "__main__":
    main()
