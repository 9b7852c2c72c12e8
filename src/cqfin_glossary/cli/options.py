"""Argument types shared by the commands, so one option means one thing everywhere."""

from __future__ import annotations


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1 (``-n 0`` would print nothing)."""
    # argparse is imported only to report a bad value: a cold look-up reads its options
    # without it (cli.lookup_cmd.plain_options).
    try:
        number = int(value)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"must be at least 1, got {number}")
    return number
