# Copied by atsgen from templates/runtime/errors.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The exceptions the SDK raises: one hierarchy, so callers can catch as broadly or narrowly as they need.

Import them from `ats_sdk.errors` (`from ats_sdk.errors import ATSError, RateLimitError`).

    ATSError
    ├── MissingCredentialsError   no credentials given or found in the environment
    ├── InvalidCredentialsError   a credential that cannot be sent (a newline, a control character, ...)
    ├── ValidationFailed          the request breaks the operation's rules (each a Violation); nothing sent
    ├── TransportError            no HTTP response: connection failed, timed out (RequestTimeout)
    ├── ResponseDecodeError       a response that is not JSON, or not the documented shape
    ├── MappingError              ats_sdk.unified cannot map the call (no candidate id, an unknown operation)
    ├── UnifiedRequestRefused     ats_sdk.unified did not send: losses the policy refuses, or violations
    └── APIError                  the vendor answered with an error status
        ├── RedirectError         3xx the SDK does not follow (another origin, too many, no Location)
        ├── BadRequestError       400, 422
        ├── AuthenticationError   401
        ├── PermissionDeniedError 403 (e.g. Talynce talent_pool_reveal_required)
        ├── NotFoundError         404
        ├── ConflictError         409
        ├── RateLimitError        429 (with retry_after and the documented rate-limit headers)
        └── ServerError           5xx

No message here ever includes a credential: only the vendor, operation, status and the vendor's own error
code and message.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's, which costs milliseconds to import; mypy reads this one too
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    import httpx

    from .spec import ResponseHeaders
    from .unified import Loss

__all__ = [
    "ATSError",
    "MissingCredentialsError",
    "InvalidCredentialsError",
    "ValidationFailed",
    "Violation",
    "TransportError",
    "RequestTimeout",
    "ResponseDecodeError",
    "MappingError",
    "UnifiedRequestRefused",
    "APIError",
    "RedirectError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
]


class ATSError(Exception):
    """Base of every error the SDK raises."""


class MissingCredentialsError(ATSError, ValueError):
    """No usable credentials: neither passed to the client nor found in the environment."""


class InvalidCredentialsError(ATSError, ValueError):
    """A credential that cannot be sent as given: the message names the argument or environment variable
    and says what is wrong with it (for example a trailing newline), never the value. Nothing was sent.
    """


class Violation:
    """One way a payload breaks an operation's rules.

    `pointer` is an RFC 6901 JSON pointer to the offending value ("" is the whole payload; a missing required
    field is pointed at where it should be). `rule` names the rule broken (`required`, `max_length`, `enum`,
    `at_least_one_of`, ...). `message` says what is wrong in plain words, in the vendor's own words where
    the vendor documents a message.

    (A plain class rather than a dataclass: the dataclasses module costs milliseconds to import.)
    """

    __slots__ = ("message", "pointer", "rule")

    def __init__(self, pointer: str, rule: str, message: str) -> None:
        self.pointer: str = pointer
        self.rule: str = rule
        self.message: str = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Violation):
            return NotImplemented
        return (self.pointer, self.rule, self.message) == (other.pointer, other.rule, other.message)

    def __hash__(self) -> int:
        return hash((self.pointer, self.rule, self.message))

    def __repr__(self) -> str:
        return f"Violation(pointer={self.pointer!r}, rule={self.rule!r}, message={self.message!r})"

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


class ValidationFailed(ATSError, ValueError):
    """Raised by clients before sending a request that breaks the operation's rules; carries every violation."""

    def __init__(self, operation: str, violations: Sequence[Violation]) -> None:
        self.operation: str = operation
        self.violations: tuple[Violation, ...] = tuple(violations)
        shown = "; ".join(str(v) for v in self.violations[:5])
        more = f" (and {len(self.violations) - 5} more)" if len(self.violations) > 5 else ""
        count = len(self.violations)
        super().__init__(
            f"{operation}: {count} violation{'s' if count != 1 else ''}: {shown}{more}"
        )


class TransportError(ATSError):
    """The request got no HTTP response (connection refused or dropped, DNS failure, timeout)."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class RequestTimeout(TransportError):
    """The request timed out."""


class ResponseDecodeError(ATSError):
    """A response body that is not JSON, or does not have the documented shape."""

    def __init__(self, message: str, *, operation: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.operation = operation
        self.response = response


class MappingError(ATSError, ValueError):
    """`ats_sdk.unified` cannot map the call at all: a vendor or operation without a declared mapping, a
    candidate id the operation needs and was not given, or a mapping naming a transform this runtime does
    not know (a declaration newer than the SDK). Nothing was sent."""


class UnifiedRequestRefused(ATSError, ValueError):
    """`ats_sdk.unified.send` did not send the candidate: the mapped request breaks the vendor's rules
    (`violations`, each pointing into the mapped request: `/body/full_name`), or canonical fields would not
    reach the vendor intact (`losses`, each pointing into the candidate) and the loss policy refuses them.
    The message lists every one of both."""

    def __init__(
        self, operation: str, losses: Sequence[Loss], violations: Sequence[Violation]
    ) -> None:
        self.operation: str = operation
        self.losses: tuple[Loss, ...] = tuple(losses)
        self.violations: tuple[Violation, ...] = tuple(violations)
        found = [f"lost {loss}" for loss in self.losses] + [
            f"violation {v}" for v in self.violations
        ]
        super().__init__(f"{operation}: not sent: " + "; ".join(found))


class APIError(ATSError):
    """The vendor answered with an error status.

    `status` is the HTTP status, `code` and `message` the vendor's error code and message (parsed from the
    vendor's documented error envelope; `code` is None where the vendor has none), `body` the parsed body
    (or the text when it is not JSON), `response` the raw httpx response, and `response_headers` the
    headers the spec documents for the status, parsed to their declared types (a `ResponseHeaders`
    mapping; a missing or malformed one is None, its text still in `response.headers`).
    """

    def __init__(
        self,
        *,
        vendor: str,
        operation: str,
        status: int,
        code: str | int | None,
        message: str,
        body: Any,
        response: httpx.Response,
        response_headers: ResponseHeaders | None = None,
    ) -> None:
        if response_headers is None:
            # Here, not at the top: the spec module imports validation, which imports this module.
            from .spec import ResponseHeaders

            response_headers = ResponseHeaders()
        self.response_headers: ResponseHeaders = response_headers
        self.vendor = vendor
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.body = body
        self.response = response
        code_text = f" [{code}]" if code is not None else ""
        super().__init__(f"{vendor}.{operation}: HTTP {status}{code_text}: {message}")


class RedirectError(APIError):
    """A 3xx the SDK does not follow: to another origin (credentials go only to the configured one), past
    the redirect limit, or without a usable Location. `location` is the Location header, if any."""

    location: str | None = None


class BadRequestError(APIError):
    """400 or 422: the vendor rejected the request's content."""


class AuthenticationError(APIError):
    """401: missing, invalid or expired credentials."""


class PermissionDeniedError(APIError):
    """403: the credentials may not do this."""


class NotFoundError(APIError):
    """404: no such resource."""


class ConflictError(APIError):
    """409: the request conflicts with the resource's state."""


class RateLimitError(APIError):
    """429: too many requests. `retry_after` is the wait the vendor asked for, in seconds, if it said;
    `response_headers` has the rate-limit headers the spec documents for 429 (limit, remaining, reset,
    ...), parsed."""

    retry_after: float | None = None


class ServerError(APIError):
    """5xx: the vendor failed."""


def error_class(status: int) -> type[APIError]:
    """The exception class for an HTTP error status."""
    if 300 <= status < 400:
        return RedirectError
    if status in (400, 422):
        return BadRequestError
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 409:
        return ConflictError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return APIError
