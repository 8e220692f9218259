"""Shapes, typed accessors, repr and errors of the Python API."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import smtp_status
from smtp_status import About, Advice, Reason

STUBS = Path(smtp_status.__file__).with_name("__init__.pyi")


def test_verdict_shape_and_accessors() -> None:
    v = smtp_status.verdict("550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown")
    assert list(v) == ["reason", "about", "hard", "advice", "evidence"]
    assert v.about is About.RECIPIENT_ADDRESS
    assert v["reason"] == "userunknown" and type(v["reason"]) is str
    assert v.reason is Reason.USER_UNKNOWN and v.reason == "userunknown"
    assert v.advice is Advice.DO_NOT_RETRY and v.hard is True
    assert v.evidence == {"kind": "code", "code": "5.1.1"}
    assert repr(v) == (
        "Verdict(reason=Reason.USER_UNKNOWN, about=About.RECIPIENT_ADDRESS, hard=True, advice=Advice.DO_NOT_RETRY, "
        "evidence={'kind': 'code', 'code': '5.1.1'})"
    )
    assert v.to_json() == '{"reason":"userunknown","about":"recipient_address","hard":true,"advice":"do-not-retry","evidence":{"kind":"code","code":"5.1.1"}}'
    assert Reason("speeding") is Reason.RATE_LIMITED and Reason("mesgtoobig") is Reason.EMAIL_TOO_LARGE
    soft = smtp_status.verdict("452 4.2.2 The email account that you tried to reach is over quota")
    assert (soft.reason, soft.hard, soft.advice) == (Reason.MAILBOX_FULL, False, Advice.RETRY_LATER)


def test_classify_texts_in_order_on_threads() -> None:
    texts = ["550 5.1.1 User unknown", "452 4.2.2 over quota", "554 5.7.1 blocked"] * 700
    expected = [smtp_status.classify_text(t) for t in texts]
    assert smtp_status.classify_texts(texts, threads=2) == expected
    assert smtp_status.classify_texts(iter(texts), threads=1) == expected
    one = smtp_status.classify_text("550 5.1.1 <kit@example.org>: User unknown")
    assert (one.status, one.reply_code, one.recipient) == ("5.1.1", 550, None)
    assert {k: one[k] for k in ("reason", "about", "hard", "advice", "evidence")} == smtp_status.verdict(
        "550 5.1.1 <kit@example.org>: User unknown")


def test_explain_shapes() -> None:
    e = smtp_status.explain("5.1.1")
    assert e.kind == "enhanced-code"
    assert list(e.explanation) == ["code", "class", "subject", "detail", "registered", "vendor", "verdict"]
    assert smtp_status.explain("550").kind == "reply-code"
    assert smtp_status.explain("X.7.26").kind == "any-class-code"
    r = smtp_status.explain("550 5.1.1 <a@b.example>: User unknown")
    assert r.kind == "reply" and r.explanation["reply_code"] == 550
    assert r.explanation["verdict"]["reason"] == "userunknown"
    assert smtp_status.explain("status=bounced (host said: 550 5.1.1 no)").kind == "text"


def test_classification_shape(corpus) -> None:
    name, raw = next((n, r) for n, r in corpus if n.startswith("lhost-postfix"))
    c = smtp_status.classify(raw)
    assert list(c) == ["format", "reporting_mta", "subject", "warnings", "skipped", "recipients"]
    r = c.recipients[0]
    assert isinstance(r, smtp_status.Classified)
    assert list(r) == [
        "recipient", "action", "reason", "about", "hard", "advice", "status", "dsn_status",
        "reply_code", "diagnostic", "feedback_type", "evidence", "dsn",
    ]
    assert isinstance(r.reason, Reason) and isinstance(r.advice, Advice)
    assert repr(r).startswith(f"Classified(recipient={r.recipient!r}, reason=Reason.")
    assert json.loads(c.to_json()) == c


def test_lookup_and_registry() -> None:
    code = smtp_status.lookup("5.7.1")
    assert list(code) == ["code", "class", "subject", "detail", "registered", "vendor"]
    assert code.registered["name"] == "DeliveryNotAuthorizedMessageRefused"
    assert {m["vendor"] for m in code.vendor} >= {"microsoft", "google", "yahoo"}
    # With a text, only the meanings whose marker occurs in it.
    picked = smtp_status.lookup("5.7.1", "550 5.7.1 Client was not authenticated")
    assert [m["markers"] for m in picked.vendor] == [[["Client was not authenticated"]]]
    reg = smtp_status.registry()
    assert reg[0].code == "X.0.0" and len(reg) == len({e.code for e in reg}) > 70
    assert list(reg[0]) == [
        "code", "name", "sample", "description", "reply_codes", "reply_codes_text",
        "references", "submitter", "change_controller", "added", "updated", "deprecation",
    ]
    assert all(set(m) == {"vendor", "code", "markers", "meaning", "action", "source"}
               for m in smtp_status.vendor_meanings())


def test_enums_come_from_rust_and_the_stubs_agree() -> None:
    assert len(Reason) == 34 and Reason("userunknown") is Reason.USER_UNKNOWN
    assert Reason.MAILBOX_FULL.sentence == "The recipient's mailbox is over its storage quota"
    assert Advice.DO_NOT_RETRY.sentence.startswith("do not retry")
    tree = ast.parse(STUBS.read_text())
    for enum_class in (Reason, About, Advice):
        node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == enum_class.__name__)
        stub = {t.targets[0].id: t.value.value for t in node.body if isinstance(t, ast.Assign)}
        assert stub == {m.name: m.value for m in enum_class}


@pytest.mark.parametrize("bad", ["Subject: x\n\nhello\n", bytearray(b"x"), memoryview(b"x"), 7, None])
def test_classify_needs_bytes(bad) -> None:
    with pytest.raises(TypeError, match=f"raw must be bytes, not {type(bad).__name__}"):
        smtp_status.classify(bad)


def test_errors_name_their_cause() -> None:
    with pytest.raises(TypeError, match=r"encode it, or read the file in binary mode"):
        smtp_status.classify("From: x")
    with pytest.raises(smtp_status.BounceError, match="^not a bounce: no delivery-status report") as e:
        smtp_status.classify(b"From: a@b.example\nSubject: lunch\n\nSee you.\n")
    assert isinstance(e.value, ValueError)
    with pytest.raises(smtp_status.BounceError, match="^empty input$"):
        smtp_status.classify(b"  \n")
    with pytest.raises(smtp_status.ExplainError, match="^no status code found in the text$"):
        smtp_status.explain("Apache/2.4.57 on 192.0.2.1")
    with pytest.raises(ValueError, match=r'^"5\.1" is not an enhanced status code: expected'):
        smtp_status.lookup("5.1")
    with pytest.raises(TypeError, match=r"emails\[1\] must be bytes, not str"):
        smtp_status.classify_many([b"x", "y"])
    with pytest.raises(TypeError, match=r"texts\[0\] must be str, not bytes"):
        smtp_status.classify_texts([b"550"])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        smtp_status.classify_many([], threads=0)
    with pytest.raises(ValueError, match='errors must be "raise" or "return"'):
        smtp_status.classify_many([], errors="ignore")
    with pytest.raises(FileNotFoundError, match="/nonexistent/bounces: No such file"):
        smtp_status.classify_path("/nonexistent/bounces")
    assert smtp_status.BounceError.__module__ == "smtp_status"


def test_classify_many_errors(corpus) -> None:
    good = corpus[0][1]
    bad = b"Subject: lunch\n\nSee you.\n"
    with pytest.raises(smtp_status.BounceError, match=r"^emails\[2\]: not a bounce"):
        smtp_status.classify_many([good, good, bad, good])
    got = smtp_status.classify_many([good, bad], errors="return")
    assert got[0] == smtp_status.classify(good)
    assert isinstance(got[1], smtp_status.BounceError) and str(got[1]).startswith("not a bounce")
    assert smtp_status.classify_many([]) == []
    # The first email that is not a bounce, in input order, whatever the
    # thread that classifies it and however many come after it.
    many = [good] * 150 + [bad] + [good] * 60 + [bad] + [good] * 1200
    for threads in (1, 2, 3):
        with pytest.raises(smtp_status.BounceError, match=r"^emails\[150\]: not a bounce"):
            smtp_status.classify_many(many, threads=threads)
        got = smtp_status.classify_many(many, threads=threads, errors="return")
        assert [i for i, c in enumerate(got) if isinstance(c, smtp_status.BounceError)] == [150, 211]


def test_classify_many_wrap_errors_reach_the_caller(corpus) -> None:
    """An exception of the native call's `wrap` (the typed classes) stops
    the call and is raised as it is."""

    def wrap(d: dict) -> object:
        if len(calls) == 100:
            raise KeyError("wrapped")
        calls.append(d)
        return d

    calls: list[dict] = []
    raws = [raw for _, raw in corpus] * 2
    with pytest.raises(KeyError, match="wrapped"):
        smtp_status._native.classify_many(raws, threads=2, errors="return", wrap=wrap)
    assert len(calls) == 100
