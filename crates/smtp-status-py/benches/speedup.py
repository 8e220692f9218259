"""classify_many's speed-up on every core against one thread, and the
binding's cost per email, on the development corpus four times (1,088
emails a call), the variants interleaved pass after pass so that a change
in the machine's load hits them all alike. Run by hand with the venv that
`cargo xtask test` builds (target/python-venv, the wheel installed):

    ../../../target/python-venv/bin/python speedup.py [PASSES]

Prints the load average before and after, the median time per email of
each variant and the speed-ups of the medians (and of the fastest passes).
The Rust library called directly is timed too when its example is built
(`cargo build --release -p smtp-status-explain --example corpus-cost`):
the corpus four times in one process minus once, so that neither the
process start nor the automata built on first use is counted.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import smtp_status
from smtp_status import _native

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "crates/smtp-status-explain/tests/corpus/emails"
EMAILS = sorted(CORPUS.iterdir())
PASSES = 4
RAWS = [p.read_bytes() for p in EMAILS] * PASSES
CORPUS_COST = ROOT / "target/release/examples/corpus-cost"


def one_by_one(classify: Callable[[bytes], object]) -> None:
    for raw in RAWS:
        try:
            classify(raw)
        except smtp_status.BounceError:
            pass


VARIANTS: dict[str, Callable[[], object]] = {
    "typed classify_many, 1 thread": lambda: smtp_status.classify_many(RAWS, threads=1, errors="return"),
    "typed classify_many, 2 threads": lambda: smtp_status.classify_many(RAWS, threads=2, errors="return"),
    "native classify_many, 1 thread": lambda: _native.classify_many(RAWS, threads=1, errors="return"),
    "native classify_many, 2 threads": lambda: _native.classify_many(RAWS, threads=2, errors="return"),
    "typed classify, one by one": lambda: one_by_one(smtp_status.classify),
    "Rust classify through the binding, nothing built": lambda: one_by_one(_native._classify_only),
}


def rust_direct() -> float:
    """Seconds for PASSES passes over the corpus in the Rust example, from
    two timed runs (PASSES + 1 passes and 1 pass)."""

    def run(passes: int) -> float:
        start = time.perf_counter()
        subprocess.run([CORPUS_COST, "classify", CORPUS, str(passes)], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    return run(PASSES + 1) - run(1)


def machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    return f"{cpu}, {os.cpu_count()} cores, CPython {platform.python_version()}"


def main() -> None:
    passes = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(machine())
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    rust = "Rust classify called directly (corpus-cost example)"
    if CORPUS_COST.exists():
        times[rust] = []
    for run in VARIANTS.values():
        run()  # warm: the automata are built once per process
    for _ in range(passes):
        for name, run in VARIANTS.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
        if rust in times:
            times[rust].append(rust_direct())
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{passes} passes of {len(RAWS)} emails; µs per email, median (fastest pass)")
    for name, t in times.items():
        print(f"  {name:50} {statistics.median(t) / len(RAWS) * 1e6:6.1f} ({min(t) / len(RAWS) * 1e6:5.1f})")
    for kind in ("typed", "native"):
        one, two = times[f"{kind} classify_many, 1 thread"], times[f"{kind} classify_many, 2 threads"]
        print(
            f"{kind} classify_many, 2 threads against 1: {statistics.median(one) / statistics.median(two):.2f}x"
            f" (fastest passes {min(one) / min(two):.2f}x)"
        )
    loop, two = times["typed classify, one by one"], times["typed classify_many, 2 threads"]
    print(
        f"typed classify_many, 2 threads against typed classify one by one: "
        f"{statistics.median(loop) / statistics.median(two):.2f}x"
    )


if __name__ == "__main__":
    main()
