"""Type stubs of smtp_status (checked by mypy in tests/test_types.py; the
members of Reason, About and Advice are checked against the Rust lists at run
time in tests/test_api.py)."""

import enum
import os
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Union

from ._native import BounceError as BounceError, ExplainError as ExplainError

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

MAX_INPUT: int

class Reason(str, enum.Enum):
    """Why a delivery failed (the ``reason`` of docs/json.md)."""
    @property
    def sentence(self) -> str: ...
    USER_UNKNOWN = 'userunknown'
    MAILBOX_FULL = 'mailboxfull'
    HOST_UNKNOWN = 'hostunknown'
    BLOCKED = 'blocked'
    REJECTED = 'rejected'
    FILTERED = 'filtered'
    POLICY_VIOLATION = 'policyviolation'
    SPAM_DETECTED = 'spamdetected'
    VIRUS_DETECTED = 'virusdetected'
    AUTH_FAILURE = 'authfailure'
    REQUIRE_PTR = 'requireptr'
    BAD_REPUTATION = 'badreputation'
    SECURITY_ERROR = 'securityerror'
    FAILED_START_TLS = 'failedstarttls'
    EXPIRED = 'expired'
    NETWORK_ERROR = 'networkerror'
    SYSTEM_ERROR = 'systemerror'
    SYSTEM_FULL = 'systemfull'
    MAILER_ERROR = 'mailererror'
    EMAIL_TOO_LARGE = 'emailtoolarge'
    NOT_ACCEPT = 'notaccept'
    NO_RELAYING = 'norelaying'
    SUSPEND = 'suspend'
    HAS_MOVED = 'hasmoved'
    RATE_LIMITED = 'ratelimited'
    SUPPRESSED = 'suppressed'
    SYNTAX_ERROR = 'syntaxerror'
    CONTENT_ERROR = 'contenterror'
    NOT_COMPLIANT_RFC = 'notcompliantrfc'
    ON_HOLD = 'onhold'
    FEEDBACK = 'feedback'
    VACATION = 'vacation'
    DELIVERED = 'delivered'
    UNDEFINED = 'undefined'

class About(str, enum.Enum):
    """Whose problem it is (the ``about`` of docs/json.md)."""
    @property
    def sentence(self) -> str: ...
    RECIPIENT_ADDRESS = 'recipient_address'
    RECIPIENT_DOMAIN = 'recipient_domain'
    RECIPIENT_MAILBOX = 'recipient_mailbox'
    RECIPIENT = 'recipient'
    SENDER_ADDRESS = 'sender_address'
    SENDING_HOST = 'sending_host'
    SENDER_AUTHENTICATION = 'sender_authentication'
    MESSAGE = 'message'
    CONNECTION = 'connection'
    RECEIVING_SYSTEM = 'receiving_system'
    NOT_A_FAILURE = 'not_a_failure'
    UNKNOWN = 'unknown'

class Advice(str, enum.Enum):
    """What to do about it (the ``advice`` of docs/json.md)."""
    @property
    def sentence(self) -> str: ...
    DO_NOT_RETRY = 'do-not-retry'
    RETRY_LATER = 'retry-later'
    SLOW_DOWN = 'slow-down'
    FIX_SENDER = 'fix-sender'
    FIX_MESSAGE = 'fix-message'
    ASK_RECIPIENT = 'ask-recipient'
    STOP_MAILING = 'stop-mailing'
    NOTHING = 'nothing'
    INVESTIGATE = 'investigate'

class Record(dict[str, Any]):
    def __getattr__(self, name: str) -> Any: ...
    def to_json(self) -> str: ...

class Verdict(Record):
    @property
    def reason(self) -> Reason: ...
    @property
    def advice(self) -> Advice: ...
    @property
    def about(self) -> About: ...
    @property
    def hard(self) -> bool: ...
    evidence: dict[str, Any]

class Classified(Verdict):
    recipient: Optional[str]
    action: Optional[str]
    status: Optional[str]
    dsn_status: Optional[str]
    reply_code: Optional[int]
    diagnostic: Optional[str]
    feedback_type: Optional[str]
    dsn: Optional[dict[str, Any]]

class Classification(Record):
    format: str
    reporting_mta: Optional[str]
    subject: Optional[str]
    warnings: list[str]
    skipped: list[str]
    recipients: list[Classified]

class Explanation(Record):
    kind: str
    explanation: dict[str, Any]

class Code(Record):
    code: str
    registered: Optional[dict[str, Any]]
    vendor: list[dict[str, Any]]

class RegistryEntry(Record):
    code: str
    name: str
    sample: str
    description: str
    reply_codes: list[int]
    deprecation: Optional[str]

class PathResult(NamedTuple):
    file: str
    message: int
    classification: Optional[Classification]
    error: Optional[Exception]

def explain(text: str) -> Explanation: ...
def verdict(text: str) -> Verdict: ...
def classify_text(text: str) -> Classified: ...
def classify_texts(texts: Iterable[str], threads: Optional[int] = None) -> list[Classified]: ...
def classify(raw: bytes) -> Classification: ...
def classify_many(
    emails: Iterable[bytes], threads: Optional[int] = None, errors: str = "raise"
) -> list[Union[Classification, BounceError]]: ...
def classify_path(
    path: Union[str, os.PathLike[str]], threads: Optional[int] = None
) -> Iterator[PathResult]: ...
def lookup(code: str, text: Optional[str] = None) -> Code: ...
def registry() -> tuple[RegistryEntry, ...]: ...
def vendor_meanings() -> tuple[Record, ...]: ...
