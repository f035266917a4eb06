"""Fault injection and the request log of the mock server (`ats_sdk.mock`).

Standard library only. `FaultPlan` and `RequestLog` lock themselves, so tests may use them from any thread.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, get_args

__all__ = ["TOKEN_OPERATION", "Fault", "FaultKind", "FaultPlan", "RecordedRequest", "RequestLog"]

FaultKind = Literal["status", "latency", "drop", "malformed"]
TOKEN_OPERATION = "token"
"""The operation id of OAuth2 token requests, in the log and for faults aimed at the token endpoint."""


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
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status (100-599), got {self.status}")
        if self.kind == "status" and self.status == 429 and self.retry_after is None:
            self.retry_after = 1
        if self.rate is not None and not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {self.rate}")
        if self.times is not None and self.times < 1:
            raise ValueError(f"times must be at least 1, got {self.times}")
        if self.delay < 0:
            raise ValueError(f"delay must not be negative, got {self.delay}")

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
    if key == "times" and raw in ("all", "0", "none"):
        return None
    if key in ("status", "times"):
        return int(raw)
    if key in ("delay", "rate"):
        return float(raw)
    if key == "processed":
        return raw.lower() in ("1", "true", "yes")
    if key == "retry_after":
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
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
