"""Benchmarks of the binding on the development corpus (272 emails), run
by hand with pytest-benchmark (not part of the test suite):

    cd crates/smtp-status-py/benches
    ../../../target/python-venv/bin/python -m pytest test_bench.py \\
        --benchmark-columns=median,iqr,rounds --benchmark-sort=name

Compare the medians per pass / 272 with the Rust library called directly:
`cargo bench --bench bounces` in benches/ ("smtp-status-explain classify",
the same 272 emails).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import smtp_status
from smtp_status import _native

EMAILS = sorted((Path(__file__).resolve().parents[2] / "smtp-status-explain/tests/corpus/emails").iterdir())
RAWS = [p.read_bytes() for p in EMAILS]


def one_by_one(classify) -> int:
    n = 0
    for raw in RAWS:
        try:
            n += len(classify(raw)["recipients"])
        except smtp_status.BounceError:
            pass
    return n


def test_classify_typed(benchmark) -> None:
    """smtp_status.classify: Rust, pythonize and the typed wrappers."""
    assert benchmark(one_by_one, smtp_status.classify) > 270


def test_classify_only(benchmark) -> None:
    """smtp_status._native._classify_only: Rust and the call, no result
    built (the recipients counted)."""

    def count() -> int:
        return sum(_native._classify_only(raw) for raw in RAWS)

    assert benchmark(count) > 270


def test_classify_native(benchmark) -> None:
    """smtp_status._native.classify: Rust and pythonize (dicts only)."""
    assert benchmark(one_by_one, _native.classify) > 270


@pytest.mark.parametrize("threads", [1, 2])
def test_classify_many(benchmark, threads: int) -> None:
    """The whole corpus in one call, on 1 or 2 threads."""
    got = benchmark(smtp_status.classify_many, RAWS, threads=threads, errors="return")
    assert len(got) == len(RAWS)


@pytest.mark.parametrize("threads", [1, 2])
def test_classify_many_native(benchmark, threads: int) -> None:
    """The same without the typed wrappers."""
    got = benchmark(_native.classify_many, RAWS, threads=threads, errors="return")
    assert len(got) == len(RAWS)
