# Copied by atsgen from templates/runtime/mock_faults.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""Fault injection and the request log of the mock server (`ats_sdk.mock`).

Standard library only. `FaultPlan` and `RequestLog` lock themselves, so tests may use them from any thread.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, get_args

__all__ = [
    "MAX_SECONDS",
    "MAX_TIMES",
    "TOKEN_OPERATION",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "MockOptionError",
    "RecordedRequest",
    "RequestLog",
    "check_count",
    "check_seconds",
]

FaultKind = Literal["status", "latency", "drop", "malformed"]
TOKEN_OPERATION = "token"
"""The operation id of OAuth2 token requests, in the log and for faults aimed at the token endpoint."""
MAX_TIMES = 1_000_000_000
"""The largest `times` a fault takes: more is a typo (`times=all` fires for ever)."""
MAX_SECONDS = 86400.0
"""The longest duration any mock option or fault takes (a day): a larger one is a typo, and an infinite
or NaN one used to reach `time.sleep` or `int()` and turn every request into a 500."""


class MockOptionError(ValueError):
    """A mock option or fault parameter that is out of range or of the wrong type.

    `option` is the keyword's name (`delay`, `token_lifetime`), `problem` what is wrong with the value.
    """

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option} {problem}")
        self.option = option
        self.problem = problem


def check_seconds(option: str, value: object, *, positive: bool = False) -> float:
    """A duration in seconds: a finite number from 0 (above 0 when `positive`) to `MAX_SECONDS`."""
    low = "above 0" if positive else "from 0"
    problem = f"must be a number of seconds {low} up to {MAX_SECONDS:g}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MockOptionError(option, problem)
    # `not 0 <= x` rather than `x < 0`, so that NaN (which compares false to everything) is refused.
    if not (0 < value if positive else 0 <= value) or not value <= MAX_SECONDS:
        raise MockOptionError(option, problem)
    return float(value)


def check_count(option: str, value: object, low: int, high: int | None = None) -> int:
    """A whole number from `low` up to `high` (no upper bound when None); booleans are not numbers."""
    bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise MockOptionError(option, f"must be a whole number {bounds}, got {value!r}")
    if value < low or (high is not None and value > high):
        raise MockOptionError(option, f"must be a whole number {bounds}, got {value}")
    return value


def _check_header_text(option: str, value: str) -> None:
    """Text sent as a header value: no control characters, which would split or end the header."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise MockOptionError(option, f"must be text without control characters, got {value!r}")


@dataclass
class Fault:
    """One fault to inject.

    kind: `status` answers `status` (default 500) in the vendor's error envelope, with `message` and `code`
    (default: the vendor's documented error for that status, else the HTTP reason), and a Retry-After
    header when `retry_after` is set (a 429 gets 1 second unless told otherwise); `latency` waits `delay`
    seconds and then carries on (other faults may still fire on the same request); `drop` closes the
    connection without a response; `malformed` answers `status` (default: the operation's success status)
    with a truncated JSON body.

    `operation` limits the fault to one operation id (`"token"` for the OAuth2 token endpoint; faults without
    one apply to API operations only). `times` is how many requests it fires on (None: every one);
    `rate` is the chance it fires on each matching request (None: always). By default a `drop` or
    `malformed` fault fires before the request is handled (nothing is stored); `processed=True` handles it
    first, as when a server does the work and the response is lost.
    """

    kind: FaultKind = "status"
    status: int | None = None
    delay: float = 0.0
    retry_after: float | str | None = None
    message: str | None = None
    code: str | int | None = None
    operation: str | None = None
    times: int | None = 1
    rate: float | None = None
    processed: bool = False
    fired: int = 0
    """How many requests it has fired on so far."""

    def __post_init__(self) -> None:
        if self.kind not in get_args(FaultKind):
            raise ValueError(
                f"unknown fault kind {self.kind!r}; known: {', '.join(get_args(FaultKind))}"
            )
        if self.kind == "status" and self.status is None:
            self.status = 500
        if self.status is not None:
            check_count("status", self.status, 100, 599)
        if self.kind == "status" and self.status == 429 and self.retry_after is None:
            self.retry_after = 1
        self.delay = check_seconds("delay", self.delay)
        if self.retry_after is not None and not isinstance(self.retry_after, str):
            check_seconds("retry_after", self.retry_after)
        if self.rate is not None and not (
            isinstance(self.rate, (int, float))
            and not isinstance(self.rate, bool)
            and 0.0 <= self.rate <= 1.0
        ):
            raise MockOptionError("rate", f"must be a number between 0 and 1, got {self.rate!r}")
        if self.times is not None:
            check_count("times", self.times, 1, MAX_TIMES)
        self._check_words()

    def _check_words(self) -> None:
        """The fields that are not numbers: text where text is wanted, a code JSON can carry."""
        if isinstance(self.retry_after, str):
            _check_header_text("retry_after", self.retry_after)
        for option in ("message", "operation"):
            value = getattr(self, option)
            if value is not None and not isinstance(value, str):
                raise MockOptionError(option, f"must be text, got {value!r}")
        if self.code is not None and type(self.code) not in (str, int):
            raise MockOptionError("code", f"must be text or a whole number, got {self.code!r}")
        if not isinstance(self.processed, bool):
            raise MockOptionError("processed", f"must be true or false, got {self.processed!r}")

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fault:
        """A fault from JSON (`POST /__mock__/faults`); `{"status": 503}` alone means kind "status"."""
        known = {f.name for f in fields(cls)} - {"fired"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(
                f"unknown fault field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        values = dict(data)
        values.setdefault("kind", "status")
        try:
            return cls(**values)
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    @classmethod
    def parse(cls, text: str) -> Fault:
        """A fault from the command line: a kind or a status, then `key=value` pairs, comma-separated.

        `503`, `429,retry_after=2,times=3`, `drop,operation=create_candidate`, `latency,delay=0.5,rate=0.1`,
        `malformed`. `times=all` (or `times=0`) fires on every matching request.
        """
        head, *rest = [part.strip() for part in text.split(",") if part.strip()] or [""]
        values: dict[str, Any] = {"status": int(head)} if head.isdigit() else {"kind": head}
        for part in rest:
            key, eq, raw = part.partition("=")
            if not eq:
                raise ValueError(f"expected key=value, got {part!r}")
            key = key.strip().replace("-", "_")
            values[key] = _parse_value(key, raw.strip())
        return cls.from_dict(values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _parse_value(key: str, raw: str) -> Any:
    """A command-line value as the type its field wants; the Fault itself then checks its range."""
    if key == "times" and raw in ("all", "0", "none"):
        return None
    try:
        if key in ("status", "times"):
            return int(raw)
        if key in ("delay", "rate"):
            return float(raw)
    except ValueError:
        kind = "a whole number" if key in ("status", "times") else "a number"
        raise MockOptionError(key, f"must be {kind}, got {raw!r}") from None
    if key == "processed":
        return raw.lower() in ("1", "true", "yes")
    if key == "retry_after":
        # Seconds when it reads as a number (so `nan` and `1e308` are checked as numbers), else the
        # text as it is: an HTTP-date, or a malformed value a client under test should survive.
        for number in (int, float):
            try:
                return number(raw)
            except ValueError:
                continue
        return raw
    if key == "code" and raw.lstrip("-").isdigit():
        return int(raw)
    return raw


class FaultPlan:
    """The faults waiting to fire, in the order added. `server.faults` on a `MockServer`."""

    def __init__(self, seed: int | None = None) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def status(
        self,
        status: int = 500,
        *,
        message: str | None = None,
        code: str | int | None = None,
        retry_after: float | str | None = None,
        operation: str | None = None,
        times: int | None = 1,
        rate: float | None = None,
    ) -> Fault:
        """Answer `status` in the vendor's envelope (429 gets Retry-After: 1 unless `retry_after` is given)."""
        fault = Fault(
            "status",
            status,
            retry_after=retry_after,
            message=message,
            code=code,
            operation=operation,
            times=times,
            rate=rate,
        )
        return self.add(fault)

    def latency(
        self,
        delay: float,
        *,
        operation: str | None = None,
        times: int | None = 1,
        rate: float | None = None,
    ) -> Fault:
        """Wait `delay` seconds before handling (or before another fault)."""
        return self.add(Fault("latency", delay=delay, operation=operation, times=times, rate=rate))

    def drop(
        self,
        *,
        operation: str | None = None,
        times: int | None = 1,
        rate: float | None = None,
        processed: bool = False,
    ) -> Fault:
        """Close the connection without any response."""
        return self.add(
            Fault("drop", operation=operation, times=times, rate=rate, processed=processed)
        )

    def malformed(
        self,
        *,
        status: int | None = None,
        operation: str | None = None,
        times: int | None = 1,
        rate: float | None = None,
        processed: bool = False,
    ) -> Fault:
        """Answer with a body that is not valid JSON (truncated), under a JSON content type."""
        return self.add(
            Fault(
                "malformed",
                status=status,
                operation=operation,
                times=times,
                rate=rate,
                processed=processed,
            )
        )

    def take(self, operation: str) -> tuple[float, Fault | None]:
        """For a request to `operation`: the latency to add and the fault to answer with, if any.

        Every matching latency fault fires (delays add up); the first matching fault of another kind fires
        and ends the search. Spent faults leave the plan.
        """
        delay, chosen = 0.0, None
        with self._lock:
            for fault in self._faults:
                applies = fault.operation == operation or (
                    fault.operation is None and operation != TOKEN_OPERATION
                )
                if not applies or (fault.rate is not None and self._random.random() >= fault.rate):
                    continue
                fault.fired += 1
                if fault.kind == "latency":
                    delay += fault.delay
                    continue
                chosen = fault
                break
            self._faults = [f for f in self._faults if not f.spent]
        return delay, chosen

    @property
    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def seed(self, seed: int | None) -> None:
        """Make rate-based faults repeatable."""
        with self._lock:
            self._random.seed(seed)

    def __len__(self) -> int:
        return len(self.pending)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the mock received (control requests under /__mock__ are not recorded).

    Header names are lower case, credentials masked (`Bearer ***`); `body` is the parsed JSON (or the
    form fields of a token request, the client secret masked), None when empty or unreadable, and
    `raw_body` the text as sent (None for token requests). `operation` is None for unknown routes,
    `status` None for a dropped connection; `fault` names the fault kind that fired; `auth` is the scheme
    id that accepted the credentials and `token` the serial number of the OAuth2 token used.
    """

    method: str
    path: str
    query: dict[str, str | list[str]]
    headers: dict[str, str]
    body: Any
    raw_body: str | None
    operation: str | None
    status: int | None
    fault: str | None = None
    auth: str | None = None
    token: int | None = None
    time: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class RequestLog:
    """Every request the mock received, oldest first. `server.requests` on a `MockServer`."""

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def append(self, request: RecordedRequest) -> None:
        with self._lock:
            self._items.append(request)

    def all(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def for_operation(self, operation: str) -> list[RecordedRequest]:
        """The requests routed to one operation (each attempt of a retried call is one)."""
        return [r for r in self.all() if r.operation == operation]

    def count(self, operation: str | None = None) -> int:
        return len(self.all() if operation is None else self.for_operation(operation))

    @property
    def last(self) -> RecordedRequest | None:
        items = self.all()
        return items[-1] if items else None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.all())

    def __getitem__(self, index: int) -> RecordedRequest:
        return self.all()[index]
