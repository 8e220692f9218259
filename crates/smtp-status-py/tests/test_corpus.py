"""The binding against the Rust library on the development corpus: the same
JSON byte for byte for every email, the same agreement with Sisimai's
expected results, and the bulk calls equal to one call per email."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections import defaultdict
from pathlib import Path

import smtp_status
from conftest import CORPUS, EMAILS, cargo_example


def test_the_wheel_is_installed_not_the_source_tree() -> None:
    assert "site-packages" in Path(smtp_status.__file__).parts


def test_json_is_byte_identical_to_rust(corpus, rust_json) -> None:
    assert len(corpus) == 272
    for name, raw in corpus:
        try:
            got = smtp_status.classify(raw).to_json()
        except smtp_status.BounceError as e:
            got = json.dumps({"error": str(e)}, separators=(",", ":"), ensure_ascii=False)
        assert got == rust_json[name], name


def _python_score(results: dict[str, list]) -> dict[str, tuple[int, int]]:
    """Agreement per field, computed as tests/eval/mod.rs does."""
    expected = defaultdict(list)
    for line in (CORPUS / "expected.jsonl").read_text().splitlines():
        if line.strip():
            e = json.loads(line)
            expected[e["file"]].append(e)
    lines = reason_ok = hard_ok = status_lines = status_ok = 0
    for file, exp in sorted(expected.items()):
        exp.sort(key=lambda e: e["index"])
        got = results[Path(file).name]
        for i, e in enumerate(exp):
            g = got[i] if i < len(got) else None
            lines += 1
            reason = g.reason.value if g else "(none)"
            # The corpus's older names are read as today's (the aliases).
            reason_ok += reason == smtp_status.Reason(e["reason"]).value
            hard_ok += (g.hard if g else False) == e["hardbounce"]
            if e["status"] is not None and not e.get("status_is_sisimai_pseudo_code"):
                status_lines += 1
                status_ok += (g.status if g else None) == e["status"]
    return {
        "reason": (reason_ok, lines),
        "hard/soft": (hard_ok, lines),
        "status": (status_ok, status_lines),
    }


def test_agreement_equals_the_rust_evaluation(corpus) -> None:
    results = {}
    for name, raw in corpus:
        try:
            results[name] = smtp_status.classify(raw).recipients
        except smtp_status.BounceError:
            results[name] = []
    python = _python_score(results)
    report = cargo_example("eval-bounces", str(CORPUS))
    rust = {}
    for field in python:
        m = re.search(rf"^{re.escape(field)}\s+(\d+)/(\d+)", report, re.M)
        assert m, report
        rust[field] = (int(m.group(1)), int(m.group(2)))
    assert python == rust, report
    # The corpus floors hold from Python too.
    assert python["reason"][0] / python["reason"][1] >= 0.92


def test_classify_many_equals_classify(corpus) -> None:
    raws = [raw for _, raw in corpus]
    one_by_one = [smtp_status.classify(r) for r in raws]
    for threads in (1, 2, 3):
        assert smtp_status.classify_many(raws, threads=threads) == one_by_one
    # A generator, longer than a chunk, in order.
    many = smtp_status.classify_many((raws[i % len(raws)] for i in range(2500)))
    assert [c.to_json() for c in many] == [one_by_one[i % len(raws)].to_json() for i in range(2500)]


def test_classify_path_reads_a_folder_a_maildir_and_an_mbox(corpus, tmp_path) -> None:
    by_name = {name: smtp_status.classify(raw) for name, raw in corpus}
    folder = list(smtp_status.classify_path(CORPUS / "emails", threads=2))
    files = [Path(r.file).name for r in folder]
    assert sorted(set(files)) == [p.name for p in EMAILS] and files == sorted(files)
    # A file of a folder that is an mbox is read message by message, as the
    # command reads it: one file of the corpus is.
    assert [(r.file, r.message) for r in folder if files.count(Path(r.file).name) > 1] == [
        (str(CORPUS / "emails" / "rfc3464-28.eml"), 1),
        (str(CORPUS / "emails" / "rfc3464-28.eml"), 2),
    ]
    single = [r for r in folder if files.count(Path(r.file).name) == 1]
    assert len(single) == len(EMAILS) - 1
    assert all(r.error is None and r.message == 1 for r in single)
    assert [r.classification for r in single] == [by_name[Path(r.file).name] for r in single]

    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    shutil.copy(EMAILS[0], maildir / "new" / "b")
    shutil.copy(EMAILS[1], maildir / "cur" / "a")
    (maildir / "tmp" / "ignored").write_bytes(b"half written")
    got = list(smtp_status.classify_path(str(maildir)))
    assert [Path(r.file).parent.name for r in got] == ["cur", "new"]
    assert [r.classification for r in got] == [by_name[EMAILS[1].name], by_name[EMAILS[0].name]]

    mbox = tmp_path / "bounces.mbox"
    mbox.write_bytes(b"".join(_mbox_message(raw) for _, raw in corpus[:20]))
    got = list(smtp_status.classify_path(mbox, threads=2))
    assert [r.message for r in got] == list(range(1, 21))
    assert [r.classification for r in got] == [by_name[n] for n, _ in corpus[:20]]


def _mbox_message(raw: bytes) -> bytes:
    """One mboxrd message: separator, `From ` lines quoted, blank line after."""
    body = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
    if not body.endswith(b"\n"):
        body += b"\n"
    return b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n" + body + b"\n"


def test_classify_path_reports_what_it_cannot_read(tmp_path) -> None:
    (tmp_path / "a.eml").write_bytes(b"Subject: lunch\n\nSee you.\n")
    (tmp_path / "b.eml").write_bytes(b"x" * (smtp_status.MAX_INPUT + 1))
    got = list(smtp_status.classify_path(tmp_path))
    assert [type(r.error) for r in got] == [smtp_status.BounceError, smtp_status.BounceError]
    assert str(got[0].error).startswith("not a bounce")
    assert "larger than 16777216 bytes" in str(got[1].error)
    assert got[1].file.endswith("b.eml")


def test_classify_path_reads_a_fifo_once(corpus, tmp_path) -> None:
    # One reader, as the command's: the FIFO is opened once and sniffed from
    # what was read (opening it twice would wait forever for a writer).
    by_name = {name: smtp_status.classify(raw) for name, raw in corpus}
    fifo = tmp_path / "bounces.fifo"
    os.mkfifo(fifo)
    data = b"".join(_mbox_message(raw) for _, raw in corpus[:3])
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    got = list(smtp_status.classify_path(fifo))
    writer.join()
    assert [(r.file, r.message, r.error) for r in got] == [(str(fifo), i, None) for i in (1, 2, 3)]
    assert [r.classification for r in got] == [by_name[n] for n, _ in corpus[:3]]


def test_classify_path_names_what_cannot_be_read_in_a_folder(tmp_path) -> None:
    # As the command: a dangling link in a folder, or a Maildir whose `cur`
    # is one, is an OSError naming it, not an empty result.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.eml").write_bytes(b"Subject: lunch\n\nSee you.\n")
    (folder / "b.eml").symlink_to(tmp_path / "gone")
    got = list(smtp_status.classify_path(folder))
    assert [type(r.error) for r in got] == [smtp_status.BounceError, OSError]
    assert str(got[1].error).startswith(f"{folder / 'b.eml'}: No such file")

    maildir = tmp_path / "Maildir"
    (maildir / "new").mkdir(parents=True)
    (maildir / "new" / "1").write_bytes(b"Subject: lunch\n\nSee you.\n")
    (maildir / "cur").symlink_to(tmp_path / "gone")
    got = list(smtp_status.classify_path(maildir))
    assert [(r.file, type(r.error)) for r in got] == [(str(maildir / "cur"), OSError)]
    assert str(got[0].error).startswith(f"{maildir / 'cur'}: No such file")
