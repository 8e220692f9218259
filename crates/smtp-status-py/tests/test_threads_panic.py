"""Many Python threads at once, and a Rust panic that must reach Python as
an exception while the interpreter lives on."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import smtp_status


def test_many_python_threads_at_once(corpus) -> None:
    raws = [raw for _, raw in corpus]
    expected = [smtp_status.classify(r).to_json() for r in raws]
    failures: list[str] = []
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        barrier.wait()
        for _ in range(2):
            if n % 2:
                got = [c.to_json() for c in smtp_status.classify_many(raws, threads=2)]
            else:
                got = [smtp_status.classify(r).to_json() for r in raws]
            if got != expected:
                failures.append(f"thread {n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


@pytest.mark.parametrize("place", ["caller", "worker", "stream"])
def test_a_rust_panic_is_a_python_exception(place: str) -> None:
    with pytest.raises(BaseException, match="smtp_status test panic in (the calling thread|a worker thread|a classification)") as e:
        smtp_status._native._panic(place)
    assert type(e.value).__name__ == "PanicException"
    # The interpreter and the module live on.
    assert smtp_status.verdict("550 5.1.1 user unknown").reason is smtp_status.Reason.USER_UNKNOWN


def test_the_process_survives_a_panic() -> None:
    code = (
        "import smtp_status\n"
        "for place in ('caller', 'worker', 'stream'):\n"
        "    try:\n"
        "        smtp_status._native._panic(place)\n"
        "    except BaseException as e:\n"
        "        print(type(e).__name__, e)\n"
        "print(smtp_status.verdict('550 5.1.1 no such user').reason)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "PanicException smtp_status test panic in the calling thread",
        "PanicException smtp_status test panic in a worker thread",
        "PanicException smtp_status test panic in a classification of classify_many's pool",
        "userunknown",
    ]
