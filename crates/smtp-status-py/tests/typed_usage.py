"""A typed use of smtp_status, checked by mypy --strict against the stubs
(tests/test_types.py) and run by it too."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

import smtp_status
from smtp_status import Advice, Classification, Reason


def hard_bounces(emails: list[bytes]) -> list[str]:
    out: list[str] = []
    for c in smtp_status.classify_many(emails, threads=2, errors="return"):
        if isinstance(c, smtp_status.BounceError):
            continue
        for r in c.recipients:
            if r.hard and r.recipient is not None:
                out.append(r.recipient)
    return out


def reasons_in(folder: Path) -> Counter[Reason]:
    counts: Counter[Reason] = Counter()
    for item in smtp_status.classify_path(folder):
        c: Optional[Classification] = item.classification
        if c is not None:
            counts.update(r.reason for r in c.recipients)
    return counts


def should_retry(line: str) -> bool:
    v = smtp_status.verdict(line)
    return v.advice is Advice.RETRY_LATER and not v.hard


def code_name(code: str) -> Optional[str]:
    entry = smtp_status.lookup(code).registered
    return None if entry is None else str(entry["name"])


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1])
    print(reasons_in(folder).most_common(1)[0][0].value)
    print(len(hard_bounces([p.read_bytes() for p in sorted(folder.iterdir())])))
    print(should_retry("452 4.2.2 mailbox full"), code_name("5.1.1"))
