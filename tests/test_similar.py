"""The suggestion scorer agrees with rapidfuzz, whose import it saves on every cold look-up."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from cqfin_glossary.similar import best, ratio

ALPHABET = "abcde金融贷款 "


def test_ratio_is_rapidfuzz_ratio() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        a = "".join(rng.choices(ALPHABET, k=rng.randint(0, 12)))
        b = "".join(rng.choices(ALPHABET, k=rng.randint(0, 12)))
        assert abs(ratio(a, b) - fuzz.ratio(a, b)) < 1e-9, (a, b)


def test_best_ranks_as_process_extract() -> None:
    rng = random.Random(4)
    for _ in range(100):
        query = "".join(rng.choices(ALPHABET, k=rng.randint(1, 10)))
        choices = ["".join(rng.choices(ALPHABET, k=rng.randint(1, 10))) for _ in range(40)]
        ours = [(c, round(s, 6), i) for c, s, i in best(query, choices, 8, 60.0)]
        theirs = [(c, round(s, 6), i) for c, s, i in
                  process.extract(query, choices, scorer=fuzz.ratio, limit=8, score_cutoff=60)]
        assert ours == theirs


def test_a_typo_scores_high_and_a_stranger_low() -> None:
    assert ratio("risk brane", "risk brain") > 85
    assert ratio("渝金盾", "西部陆海新通道") == 0
