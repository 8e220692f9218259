"""classify_path streams a large mbox: the peak memory of the process grows
by a bounded amount, not by the size of the file."""

from __future__ import annotations

import json
import subprocess
import sys

from test_corpus import _mbox_message

ROUNDS = 120  # 120 x the corpus: about 115 MB, 32,640 emails

CHILD = r"""
import json, resource, sys
import smtp_status
path = sys.argv[1]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
emails = recipients = errors = 0
reasons = {}
for r in smtp_status.classify_path(path, threads=2):
    emails += 1
    if r.error is not None:
        errors += 1
        continue
    recipients += len(r.classification.recipients)
    if r.message <= 272:
        reasons[r.message] = [c.reason.value for c in r.classification.recipients]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"emails": emails, "errors": errors, "recipients": recipients,
                  "growth_kib": after - before, "reasons": reasons}))
"""


def test_a_large_mbox_is_streamed(corpus, tmp_path) -> None:
    one_round = b"".join(_mbox_message(raw) for _, raw in corpus)
    path = tmp_path / "large.mbox"
    with path.open("wb") as f:
        for _ in range(ROUNDS):
            f.write(one_round)
    size = path.stat().st_size
    assert size > 100 * 1024 * 1024
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    expected = [[c.reason.value for c in smtp_status_classify(raw)] for _, raw in corpus]
    assert got["emails"] == ROUNDS * len(corpus)
    assert got["errors"] == 0
    assert got["recipients"] == ROUNDS * sum(len(r) for r in expected)
    assert [got["reasons"][str(i + 1)] for i in range(len(corpus))] == expected
    # Memory: a batch of emails (2 threads x 16) and their results, never the
    # file: the peak grows by less than a tenth of the file's size.
    assert got["growth_kib"] * 1024 < size / 10, got["growth_kib"]


def smtp_status_classify(raw: bytes) -> list:
    import smtp_status

    return smtp_status.classify(raw).recipients
