"""SMTP status codes, replies and bounce emails, explained and classified.

A thin layer over the Rust crate smtp-status-explain: every result is a
``dict`` (a subclass with typed accessors) whose keys and values are the JSON
shapes of docs/json.md, so ``json.dumps(result)`` writes what the
``smtp-status`` command writes.

>>> import smtp_status
>>> v = smtp_status.verdict("550 5.1.1 <kit@example.org>: User unknown")
>>> v.reason, v.hard, v.advice
(Reason.USER_UNKNOWN, True, Advice.DO_NOT_RETRY)
>>> v["reason"]
'userunknown'

Bulk calls (:func:`classify_many`, :func:`classify_texts`, :func:`classify_path`)
release the GIL and use every core; results come in input order.
"""

from __future__ import annotations

import enum
import functools
import json
import os
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Union

from . import _native
from ._native import BounceError, ExplainError

__all__ = [
    "About",
    "Advice",
    "BounceError",
    "Classification",
    "Classified",
    "Code",
    "ExplainError",
    "Explanation",
    "MAX_INPUT",
    "PathResult",
    "Reason",
    "Record",
    "RegistryEntry",
    "Verdict",
    "classify",
    "classify_many",
    "classify_path",
    "classify_text",
    "classify_texts",
    "explain",
    "lookup",
    "registry",
    "vendor_meanings",
    "verdict",
]

MAX_INPUT: int = _native.MAX_INPUT
"""The largest email (bytes) that is read; a larger one is a BounceError."""


class _Named(str, enum.Enum):
    """A string constant whose value is the JSON value."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def sentence(self) -> str:
        """What it means, one sentence (from the Rust crate)."""
        return _SENTENCES[self.value]

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # An older name of a reason (``Reason("speeding")`` is
        # ``Reason.RATE_LIMITED``), as the Rust ``FromStr`` reads it.
        if not isinstance(value, str):
            return None
        return cls._value2member_map_.get(_ALIASES.get(value, ""))


_ALIASES = dict(_native.REASON_ALIASES)
_SENTENCES = {
    value: sentence
    for _, value, sentence in (*_native.REASONS, *_native.ABOUT, *_native.ADVICE)
}

Reason = _Named(  # type: ignore[call-overload]
    "Reason", [(name, value) for name, value, _ in _native.REASONS], module=__name__
)
Reason.__doc__ = "Why a delivery failed: the ``reason`` of docs/json.md (``Reason.USER_UNKNOWN == 'userunknown'``)."
About = _Named(  # type: ignore[call-overload]
    "About", [(name, value) for name, value, _ in _native.ABOUT], module=__name__
)
About.__doc__ = "Whose problem it is: the ``about`` of docs/json.md (``About.SENDING_HOST == 'sending_host'``)."
Advice = _Named(  # type: ignore[call-overload]
    "Advice", [(name, value) for name, value, _ in _native.ADVICE], module=__name__
)
Advice.__doc__ = "What to do about it: the ``advice`` of docs/json.md (``Advice.RETRY_LATER == 'retry-later'``)."


class Record(dict):  # type: ignore[type-arg]
    """A JSON object of docs/json.md: a ``dict`` whose keys are also
    attributes (``r.recipient is r["recipient"]``)."""

    __slots__ = ()
    _shown: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def to_json(self) -> str:
        """The compact JSON text, as serde_json writes it in Rust."""
        return json.dumps(self, separators=(",", ":"), ensure_ascii=False)

    def __repr__(self) -> str:
        shown = self._shown or tuple(self)
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in shown if k in self)
        return f"{type(self).__name__}({fields})"


class Verdict(Record):
    """Why a failure happened, whose problem it is and whether to retry:
    ``reason``, ``about``, ``hard``, ``advice``, ``evidence``."""

    __slots__ = ()
    _shown = ("reason", "about", "hard", "advice", "evidence")

    @property
    def reason(self) -> Reason:  # type: ignore[valid-type]
        """Why it failed."""
        return Reason(self["reason"])

    @property
    def advice(self) -> Advice:  # type: ignore[valid-type]
        """What to do."""
        return Advice(self["advice"])

    @property
    def about(self) -> About:  # type: ignore[valid-type]
        """Whose problem it is."""
        return About(self["about"])

    @property
    def hard(self) -> bool:
        """Whether retrying cannot help."""
        return bool(self["hard"])


class Classified(Verdict):
    """One recipient of a bounce: its codes, verdict and, for an RFC 3464
    report, ``dsn`` (docs/json.md, recipient)."""

    __slots__ = ()
    _shown = ("recipient", "reason", "hard", "advice", "status")


class Classification(Record):
    """A bounce email read: ``format``, ``reporting_mta``, ``subject``,
    ``warnings``, ``skipped`` and ``recipients`` (one :class:`Classified`
    each)."""

    __slots__ = ()
    _shown = ("format", "recipients", "warnings")


class Explanation(Record):
    """What :func:`explain` read the input as: ``kind`` and ``explanation``."""

    __slots__ = ()


class Code(Record):
    """An enhanced status code explained: class, subject, detail, registry
    entry and vendor meanings."""

    __slots__ = ()
    _shown = ("code", "registered", "vendor")


class RegistryEntry(Record):
    """One entry of IANA's SMTP Enhanced Status Codes registry."""

    __slots__ = ()
    _shown = ("code", "name")


class PathResult(NamedTuple):
    """One email of :func:`classify_path`."""

    file: str
    """The file it was read from."""
    message: int
    """Its 1-based index in an mbox (1 for a file of its own)."""
    classification: Optional[Classification]
    """The classification, or None when ``error`` says why there is none."""
    error: Optional[Exception]
    """``BounceError`` (not a bounce, too large) or ``OSError``, else None."""


def _classification(d: dict) -> Classification:  # type: ignore[type-arg]
    d["recipients"] = [Classified(r) for r in d["recipients"]]
    return Classification(d)


def explain(text: str) -> Explanation:
    """Explains a code (``5.1.1``, ``X.1.1``, ``550``), an SMTP reply or a
    text holding codes; raises :class:`ExplainError` (a ValueError) when it
    holds none."""
    return Explanation(_native.explain(text))


def verdict(text: str) -> Verdict:
    """The reason, hard or soft, advice and evidence of one reply or log
    line."""
    return Verdict(_native.verdict(text))


def classify_text(text: str) -> Classified:
    """:func:`verdict` with the codes it read: one failure's diagnostic text
    (a reply, a log line) classified as a bounce's recipient is, with
    ``status`` (the most specific enhanced code) and ``reply_code``."""
    return Classified(_native.classify_text(text))


def classify_texts(texts: Iterable[str], threads: Optional[int] = None) -> list[Classified]:
    """:func:`classify_text` of every text, in order, on ``threads`` threads
    (one per core by default), the GIL released."""
    return [Classified(v) for v in _native.classify_texts(texts, threads)]


def classify(raw: bytes) -> Classification:
    """Classifies every recipient of one bounce email (RFC 3464, plain-text,
    feedback report, auto-reply; an mbox of several is read message by
    message). Raises TypeError for anything but bytes and
    :class:`BounceError` (a ValueError) for an email that is not a bounce."""
    return _classification(_native.classify(raw))


def classify_many(
    emails: Iterable[bytes], threads: Optional[int] = None, errors: str = "raise"
) -> list[Union[Classification, BounceError]]:
    """:func:`classify` of every email, in order, on ``threads`` threads
    (one per core by default), the GIL released. ``errors="raise"`` raises
    :class:`BounceError` naming the first email that is not a bounce;
    ``errors="return"`` puts the BounceError in its place instead."""
    # The typed classes are built by the native call as each result is
    # converted, overlapping the classification of the next emails.
    return _native.classify_many(emails, threads, errors, _classification)


def classify_path(
    path: Union[str, os.PathLike[str]], threads: Optional[int] = None
) -> Iterator[PathResult]:
    """Every email of a file (a FIFO too), a folder (its files, sorted by
    name), a Maildir (``cur/`` then ``new/``) or an mbox file (message by
    message, streamed: memory holds one batch of emails, whatever the file's
    size), each read once as the command reads it, classified on ``threads``
    threads. Raises FileNotFoundError for a missing path; an email that
    cannot be read or classified (a dangling link, a folder that cannot be
    listed) gives its error in its place."""
    # The path is checked now; the emails are read as the iterator is.
    return _path_results(_native.classify_path(os.fspath(path), threads))


def _path_results(emails: Iterator[tuple[str, int, Any]]) -> Iterator[PathResult]:
    for file, message, result in emails:
        if isinstance(result, dict):
            yield PathResult(file, message, _classification(result), None)
        else:
            yield PathResult(file, message, None, result)


def lookup(code: str, text: Optional[str] = None) -> Code:
    """An enhanced status code (``"5.7.1"``) explained: its class, subject,
    detail, registry entry and vendor meanings: every one of the code
    without ``text``, those that apply in ``text`` with it. Raises
    ValueError for a string that is not a code."""
    return Code(_native.lookup(code, text))


@functools.lru_cache(maxsize=None)
def _registry() -> tuple[RegistryEntry, ...]:
    return tuple(RegistryEntry(e) for e in _native.registry())


def registry() -> tuple[RegistryEntry, ...]:
    """Every entry of the SMTP Enhanced Status Codes registry, in order."""
    return _registry()


@functools.lru_cache(maxsize=None)
def _vendor_meanings() -> tuple[Record, ...]:
    return tuple(Record(m) for m in _native.vendor_meanings())


def vendor_meanings() -> tuple[Record, ...]:
    """Every curated vendor meaning (Microsoft, Google, Yahoo, Oracle) of an
    enhanced code, with its source."""
    return _vendor_meanings()
