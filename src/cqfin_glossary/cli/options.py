"""Argument types shared by the commands, so one option means one thing everywhere."""

from __future__ import annotations

import argparse


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1 (``-n 0`` would print nothing)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number
