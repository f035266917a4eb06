# Copied by atsgen from templates/runtime/http.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The sync and async HTTP clients every vendor client builds on.

A call goes: request parts (path, query, headers, body: the generated method puts each argument in its
part under its wire name; arguments not given are not sent, None is sent as null) -> the generated
validators (any violation raises ValidationFailed and nothing is sent) -> the auth scheme's signature
(headers; an API key may go in the query or a cookie) -> the request, retried with exponential backoff
and jitter on connection errors, 429 (honouring Retry-After) and 5xx when the operation is safe to retry
-> the vendor's error envelope parsed into a typed APIError, or the success body parsed by the response
model the generated method names for its status (lenient: extra fields and unknown enum values are kept;
a success documented without a body gives an EmptyResponse). Every result keeps the HTTP response as
`raw_response`.

Connection failures and timeouts are retried; an error raised before anything was sent (httpx's
LocalProtocolError, UnsupportedProtocol, or anything else the transport raises) is not: it is a TransportError
at once. Error text from httpx or a transport passes through `auth.redact`, so no credential reaches an
exception or a log line; the original exception is not chained.

Redirects are the SDK's, whatever the httpx client says (`follow_redirects=False` on every request): a 301,
302, 307 or 308 to the same origin (scheme, host and port) is followed with the same method, body and
credentials, a 303 with a GET, up to MAX_REDIRECTS hops. Any other 3xx (another origin, no Location, past
the limit, 300, 304, ...) raises RedirectError and sends nothing further, so credentials and bodies never
go to a host the client was not configured with. OAuth2 token requests go through the same machinery.

A path parameter always stays inside its own path segment: it is percent-encoded (a `/` travels as %2F),
and the values `.`, `..` and the empty string, which would name another endpoint, are violations.

A call's timeout is a deadline for the whole call, not a limit per network read: it covers every attempt
(connecting, sending, and receiving the headers and the whole body) and the backoff sleeps between them,
and time spent fetching a token counts against it. A retry that could not start before the deadline is not
made: the call raises what the last attempt got. A call still waiting when the deadline passes raises
RequestTimeout. A number is the deadline in seconds (each attempt's httpx limits are the time left); an
httpx.Timeout keeps httpx's limits per connect, read, write and pool wait, and its longest limit is the
deadline (no deadline when any of them is None); None means no limit at all. For `iter_<operation>`,
each page is one call.

`iter_<operation>` pages as the operation's pagination style says (`pagination.STYLES`, one class per
style): each page is a call with the style's paging arguments, or the next URL the vendor linked to, which
must be on the client's origin (else RedirectError, and nothing is sent there).

A success body that cannot be decoded raises ResponseDecodeError, never a bare Python exception: not JSON
(including invalid UTF-8, and the NaN and Infinity that JSON does not have), a number too large for a
float, nesting deeper than the decoder allows, an empty body where the operation documents one (e.g. a 204
the spec does not list), or a document that is not the documented shape. An error body that cannot be
decoded is kept as text on the APIError.

httpx and the response models are imported when a client is created or called, not when the vendor module
is imported, so importing a client stays cheap.
"""

from __future__ import annotations

import copy
import math
import os
import random
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, Self, TypeVar
from urllib.parse import quote

from . import auth as auth_module
from . import pagination
from .errors import (
    APIError,
    MissingCredentialsError,
    RateLimitError,
    RedirectError,
    RequestTimeout,
    ResponseDecodeError,
    TransportError,
    error_class,
)
from .spec import OperationSpec, ResponseHeaders, ResponseSpec, ServerVariableSpec, VendorSpec
from .validation import ValidationFailed, Violation, escape_pointer_token, json_value, pointer_get

if TYPE_CHECKING:

    from .validation import Part

    Validate = Callable[[str, object, Part], list[Violation]]

    import httpx

__all__ = [
    "NOT_GIVEN",
    "AsyncClient",
    "NotGiven",
    "RawResponse",
    "RequestParts",
    "RetryPolicy",
    "SyncClient",
]

T = TypeVar("T")


def _sdk_version() -> str:
    """The version of the package this runtime ships in: `ats_sdk.__version__`, which `atsgen release`
    sets (the runtime is its `_runtime` subpackage, so the package is imported already). "0+unknown" when
    the runtime runs on its own, as `atsgen_runtime` in atsgen's tests."""
    version = getattr(sys.modules.get(__name__.split(".")[0]), "__version__", None)
    return version if isinstance(version, str) else "0+unknown"


R = TypeVar("R")
"""A call's result: the response model class the generated method names for the status received."""
HttpClient = TypeVar("HttpClient", "httpx.Client", "httpx.AsyncClient")
"""The httpx client a vendor client sends with: httpx.Client (SyncClient) or httpx.AsyncClient."""
Environment = str
"""An environment's name in the spec; each generated client narrows it to a Literal of its vendor's."""


class NotGiven:
    """The value of an argument that was not passed: the field is left out of the request.

    Distinct from None, which sends JSON null (for partial updates, null clears a value).
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_CONNECT_TIMEOUT_SECONDS = 5.0
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
MAX_REDIRECTS = 5
_FOLLOWED_REDIRECTS = (301, 302, 303, 307, 308)


MAX_RETRY_AFTER_SECONDS = 86_400.0
"""The longest Retry-After believed (a day): a longer one is read as a day."""
# delta-seconds is digits (RFC 9110 10.2.3); a fraction is common enough in the wild to accept. No sign, no
# exponent, no NaN or Infinity: float() would take all of those.
_DELTA_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class RetryPolicy:
    """How failed requests are retried: exponential backoff with jitter, Retry-After honoured (capped).

    `max_retry_after` caps the wait a vendor's Retry-After asks for; a Retry-After that is not a valid
    delay (negative, NaN, infinite) is ignored and the backoff applies.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError(f"RetryPolicy: max_retries must be an int, not {self.max_retries!r}")
        if self.max_retries < 0:
            raise ValueError(f"RetryPolicy: max_retries must be 0 or more, not {self.max_retries}")
        for name in ("initial_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if not _is_delay(value):
                raise ValueError(
                    f"RetryPolicy: {name} must be a finite number of seconds, 0 or more, not {value!r}"
                )

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None and _is_delay(retry_after):
            return min(float(retry_after), self.max_retry_after)
        ceiling = min(self.initial_delay * (2**attempt), self.max_delay)
        return random.uniform(ceiling / 2, ceiling)


def _is_delay(value: object) -> bool:
    """A number of seconds one can wait: a finite number, 0 or more (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and value >= 0


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from either of its forms (delta-seconds or an HTTP date), or None.

    None when the header is absent or not a valid delay (negative, NaN, infinite, unparseable); a date in
    the past is 0; anything longer than MAX_RETRY_AFTER_SECONDS is that cap.
    """
    if not value:
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    import datetime  # only for the rare HTTP-date form, like email.utils (slow to import)
    import email.utils

    try:
        moment = email.utils.parsedate_to_datetime(value)
        # RFC 9110 dates are GMT; "-0000" comes back naive, and naive would be read as local time.
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        seconds = moment.timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER_SECONDS)


class RawResponse(Generic[T]):
    """What a call made through `client.with_raw_response.<operation>(...)` returns: the HTTP response,
    with the parsed result on demand.

    The call has retried, followed redirects and raised for an error status as any call does; the body is
    parsed only when `parse()` is called (so a body the models cannot read raises only then).
    """

    def __init__(self, http_response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response: httpx.Response = http_response
        """The httpx response: status, headers, body (`.content`, `.text`, `.json()`)."""
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        """The result the plain call returns (its response model); parsed once, then kept."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


_NOT_A_NAME_CHARACTER = re.compile(r"[^0-9A-Za-z]+")


def environment_variables(vendor_id: str) -> tuple[str, str]:
    """The environment variables a vendor's client reads its base URL and environment from, when the
    constructor is given neither: (`<VENDOR>_BASE_URL`, `<VENDOR>_ENVIRONMENT`), the vendor id upper-cased
    with every run of other characters as `_`."""
    prefix = _NOT_A_NAME_CHARACTER.sub("_", vendor_id).strip("_").upper()
    return f"{prefix}_BASE_URL", f"{prefix}_ENVIRONMENT"


def _base_url(
    spec: VendorSpec,
    environment: str | None,
    base_url: str | None,
    server_variables: Mapping[str, str] | None = None,
) -> str:
    """The base URL a client sends to: an argument first (`base_url`, then `environment`), then the
    environment variables (the base URL, then the environment's name), then the spec's default. An
    environment's URL gets its server variables filled in; a base URL given whole is used as given.
    """
    url_variable, environment_variable = environment_variables(spec.id)
    if base_url is not None:
        return base_url
    if environment is None and os.environ.get(url_variable):
        return os.environ[url_variable]
    source = "environment"
    if environment is None and os.environ.get(environment_variable):
        environment, source = os.environ[environment_variable], environment_variable
    name = environment or spec.default_environment
    if name not in spec.environments:
        known = ", ".join(spec.environments)
        raise ValueError(f"{spec.id}: unknown {source} {name!r}; known: {known}")
    return _fill_server_variables(spec, name, dict(server_variables or {}))


def server_variable_environment_variable(vendor_id: str, variable: str) -> str:
    """The environment variable a server variable's value is read from: `<VENDOR>_<VARIABLE>`, both in
    upper snake case (`corpToken` of vendor `acme` is `ACME_CORP_TOKEN`)."""
    prefix = _NOT_A_NAME_CHARACTER.sub("_", vendor_id).strip("_").upper()
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", variable)
    return f"{prefix}_{_NOT_A_NAME_CHARACTER.sub('_', snake).strip('_').upper()}"


# A server variable in an environment's URL, as the spec (and OpenAPI) write it.
_SERVER_VARIABLE = re.compile(r"\{([^{}]*)\}")
# What a value may be in the host: a percent-encoded host name is no host name (RFC 3986 3.2.2 allows it
# only for reg-names that DNS does not resolve), so other characters are refused, not encoded.
_HOST_VALUE = re.compile(r"[A-Za-z0-9.-]*")


def _fill_server_variables(spec: VendorSpec, environment: str, given: dict[str, str]) -> str:
    """The environment's URL with each `{name}` replaced by its value, encoded for its place."""
    url = spec.environments[environment]
    declared = spec.server_variables.get(environment, {})
    for name in given:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise ValueError(
                f"{spec.id}: unknown server variable {name!r} for environment {environment!r}; "
                f"known: {known}"
            )
    values = {
        name: _server_variable_value(spec, name, variable, given)
        for name, variable in declared.items()
    }
    scheme_end = url.find("://") + len("://")
    host_end = len(url) if url.find("/", scheme_end) < 0 else url.find("/", scheme_end)

    def encoded(match: re.Match[str]) -> str:
        name = match.group(1)
        return _encode_server_variable(spec, name, values[name], in_host=match.start() < host_end)

    return _SERVER_VARIABLE.sub(encoded, url)


def _server_variable_value(
    spec: VendorSpec, name: str, variable: ServerVariableSpec, given: Mapping[str, str]
) -> str:
    """A server variable's value: the argument, else its environment variable, else the default."""
    env_name = server_variable_environment_variable(spec.id, name)
    if name in given:
        value, source = given[name], f"server_variables[{name!r}]"
    elif os.environ.get(env_name):
        value, source = os.environ[env_name], env_name
    elif variable.default is not None:
        return variable.default
    else:
        raise ValueError(
            f"{spec.id}: server variable {name!r} has no value and no default; pass "
            f"server_variables={{{name!r}: ...}} or set {env_name}"
        )
    if variable.enum and value not in variable.enum:
        allowed = ", ".join(map(repr, variable.enum))
        raise ValueError(
            f"{spec.id}: server variable {name!r} ({source}) is {value!r}, not one of {allowed}"
        )
    return value


def _encode_server_variable(spec: VendorSpec, name: str, value: str, *, in_host: bool) -> str:
    """A value as its place in the URL takes it: in the host only as it is (letters, digits, `-`,
    `.`), elsewhere percent-encoded, `/` included, so that it stays inside its own segment."""
    if in_host:
        if not _HOST_VALUE.fullmatch(value):
            raise ValueError(
                f"{spec.id}: server variable {name!r} is {value!r}, but in the host name it may hold "
                "only letters, digits, '-' and '.'"
            )
        return value
    # URL resolution removes a "." or ".." segment (RFC 3986 5.2.4): refused, as for path parameters.
    if value in (".", ".."):
        raise ValueError(f"{spec.id}: server variable {name!r} may not be {value!r}")
    return quote(value, safe="")


# What a path parameter may not be: URL resolution (RFC 3986 5.2.4, which httpx applies) removes "." and
# ".." segments, so "/candidates/.." would reach "/" and "/candidates/" another endpoint.
_NOT_A_SEGMENT: Final = ("", ".", "..")


def _path_segment(value: Any) -> str:
    """A path parameter's value as one path segment: every reserved character percent-encoded."""
    return quote(str(value), safe="")


def _path_segment_violations(
    op: OperationSpec, values: Mapping[str, Any], found: list[Violation]
) -> list[Violation]:
    """The path parameters whose value would not stay inside its own segment of the path.

    Checked after the generated validators (which know the parameter's type and format), for every spec:
    whatever a spec allows, a value that is empty or a dot segment would send the request, with its
    credentials and body, to another endpoint. A parameter the validators already reported is skipped.
    """
    reported = {violation.pointer for violation in found}
    out: list[Violation] = []
    for param in op.params:
        if param.location != "path":
            continue
        pointer = "/" + escape_pointer_token(param.wire_name)
        if pointer in reported:
            continue
        if param.wire_name not in values:
            out.append(Violation(pointer, "required", f"{param.wire_name} is required"))
        elif _path_segment(values[param.wire_name]) in _NOT_A_SEGMENT:
            shown = repr(str(values[param.wire_name]))
            out.append(
                Violation(
                    pointer,
                    "path_segment",
                    f"{param.wire_name} must not be {shown}: as a path segment it would name "
                    "another endpoint",
                )
            )
    return out


class _Undecodable(Exception):
    """Why a response body is not a JSON document (the message completes "HTTP 200 with ...")."""


def _reject_constant(name: str) -> Any:
    raise _Undecodable(f"a body that is not JSON ({name} is not a JSON value)")


def _bounded_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise _Undecodable(f"a number with too many digits ({len(text)})") from None


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Undecodable(f"a number too large for a float ({text[:40]})")
    return number


def _decode_json(response: httpx.Response) -> Any:
    """A response body as JSON, strictly: every way it can fail is an _Undecodable, never another error.

    Python's json module accepts NaN and Infinity (not JSON), reads 1e400 as inf, and raises
    RecursionError on deep nesting; the C decoder stops at the interpreter's recursion limit, so the depth
    a body may have is bounded and the check cannot itself exhaust the stack.
    """
    import json

    content = response.content
    if not content.strip():
        raise _Undecodable("an empty body")
    try:
        return json.loads(
            content,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except RecursionError:
        raise _Undecodable("a JSON body nested too deeply to decode") from None
    except UnicodeDecodeError:
        raise _Undecodable("a body that is not valid UTF-8 text") from None
    except ValueError as exc:  # JSONDecodeError
        raise _Undecodable(f"a body that is not JSON ({exc})") from None


def _starts_in_time(wait: float, deadline: float | None) -> bool:
    """Whether an attempt after waiting `wait` seconds would start before the call's deadline."""
    return deadline is None or time.monotonic() + wait < deadline


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _transient(exc: Exception) -> bool:
    """Whether a request that raised `exc` may succeed if sent again: a connection that failed, dropped
    or timed out. An error raised before anything was sent (LocalProtocolError: an illegal header;
    UnsupportedProtocol; anything not httpx's) fails the same way every time."""
    import httpx

    transient = (
        httpx.TimeoutException,
        httpx.NetworkError,
        httpx.RemoteProtocolError,
        httpx.ProxyError,
    )
    return isinstance(exc, transient)


def _follow(
    home: str, target: tuple[str, str], response: httpx.Response, hops: int
) -> tuple[str, str] | str:
    """Where a 3xx answer to `target` (method, URL) leads, as (method, URL), when the SDK follows it: a
    redirect status with a Location on the origin of `home`, within MAX_REDIRECTS hops. Else why not.
    """
    import httpx

    status, location = response.status_code, response.headers.get("Location")
    if status not in _FOLLOWED_REDIRECTS:
        return f"HTTP {status} is not a redirect the SDK follows"
    if not location:
        return "a redirect without a Location header"
    if hops >= MAX_REDIRECTS:
        return f"more than {MAX_REDIRECTS} redirects"
    method, url = target
    try:
        destination = httpx.URL(url).join(location)
    except (httpx.InvalidURL, ValueError):
        return "a redirect whose Location is not a URL"
    if _origin(destination) != _origin(httpx.URL(home)):
        return (
            f"a redirect to another origin ({_origin_text(destination)}), not followed: the client"
            f" sends credentials only to {_origin_text(httpx.URL(home))}"
        )
    # 303 See Other: the answer is elsewhere, to GET; the others repeat the request as it was.
    return ("GET" if status == 303 and method != "HEAD" else method, str(destination))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port (None for the scheme's default, as httpx normalises it)."""
    return (url.scheme, url.host, url.port)


def _origin_text(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


class _Exchange:
    """One sync request on a helper thread, so that the calling thread stops waiting at the deadline.

    httpx limits each network operation, not a whole request: a server that trickles a byte at a time keeps
    every read short, and the request alive for as long as it likes. So the request runs on a helper
    thread and the caller waits for it only until the call's deadline. Then the request's socket is shut
    down, which ends the helper's blocked read at once: the socket is known from httpcore's trace hook
    once a new connection is made, and from the response once its headers are in. (A request on a reused
    keep-alive connection that stalls before its headers has no known socket: the caller still returns
    at the deadline, and the helper ends with the read limit, which is no longer than the time that was
    left when the attempt began, or when the server closes or finishes.)
    """

    def __init__(self, http: httpx.Client, request: Mapping[str, Any]) -> None:
        """`request`: httpx keyword arguments, `method` and `url` among them."""
        self._http = http
        self._kwargs = dict(request)
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._stream: Any = None
        self._abandoned = False
        self._outcome: Any = None

    def outcome(self, deadline: float) -> Any:
        """The response, or the exception raised, or a timeout when the deadline passes first."""
        import contextvars

        # The caller's context variables (e.g. a tracing span) go with the request.
        context = contextvars.copy_context()
        helper = threading.Thread(
            target=context.run, args=(self._run,), name="ats-sdk-request", daemon=True
        )
        helper.start()
        if not self._done.wait(max(0.0, deadline - time.monotonic())):
            self._abandon()
            return _deadline_passed()
        outcome = self._outcome
        # An exception is an outcome for `_attempts` to type and redact; KeyboardInterrupt and the like are not.
        if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _run(self) -> None:
        outcome: Any
        try:
            extensions = {**self._kwargs.pop("extensions", {}), "trace": self._trace}
            with self._http.stream(extensions=extensions, **self._kwargs) as response:
                self._found(response.extensions.get("network_stream"))
                response.read()
            outcome = response
        # Handed to the caller, who raises what is not a transport error.
        except BaseException as exc:
            outcome = exc
        with self._lock:
            self._outcome = outcome
        self._done.set()

    def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            self._found(info.get("return_value"))

    def _found(self, stream: Any) -> None:
        with self._lock:
            self._stream = stream
            abandoned = self._abandoned
        # Connected, or got the headers, just after the caller gave up.
        if abandoned:
            _shut_down(stream)

    def _abandon(self) -> None:
        with self._lock:
            self._abandoned = True
            stream = self._stream
        _shut_down(stream)


def _shut_down(stream: Any) -> None:
    """Shut an httpcore network stream's socket down: a read blocked on it returns at once."""
    import socket

    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed
            pass


@dataclass(frozen=True)
class RequestParts:
    """Where a call's arguments go, part by part, each by its wire name: what a generated method builds.

    The generated method writes each argument into its part (the generator decides it from the spec), so
    the call reads as the request it makes. A value NOT_GIVEN is not sent; None is sent as null. Values are
    sent as JSON values (`validation.json_value`: a date, datetime or UUID as its text).
    """

    path: Mapping[str, Any] = field(default_factory=dict)
    """Path parameters: each percent-encoded inside its own segment of the operation's path."""
    query: Mapping[str, Any] = field(default_factory=dict)
    """Query parameters."""
    headers: Mapping[str, Any] = field(default_factory=dict)
    """Header fields, sent as text."""
    body: Mapping[str, Any] = field(default_factory=dict)
    """Fields of the request body (JSON, or form-encoded where the operation says)."""

    def given(self) -> dict[Part, dict[str, Any]]:
        """Each part's values that are sent, as JSON values, by the validators' name of the part."""
        parts: dict[Part, Mapping[str, Any]] = {
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
        }
        return {
            part: {
                name: json_value(value)
                for name, value in values.items()
                if not isinstance(value, NotGiven)
            }
            for part, values in parts.items()
        }


@dataclass(frozen=True)
class _Prepared:
    operation: OperationSpec
    method: str
    url: str
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any
    has_body: bool


@dataclass(frozen=True)
class _CallOptions:
    """A call's per-call options (the keyword-only parameters of `_call`, which every method takes)."""

    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
    validate: bool | NotGiven = NOT_GIVEN


@dataclass(frozen=True)
class _Step:
    """One thing a call needs done, that only the sync or async driver can do: its I/O."""

    kind: Literal["headers", "send", "discard", "sleep"]
    """headers: the auth scheme's signature is needed, for `Auth.sign` (run the steps `fetch` makes
    first, under the scheme's lock, when the scheme has none to give); send: make the request with
    `request` (httpx keyword arguments) and answer with the response or the exception raised (a timeout
    when still waiting at `deadline`); discard: close `response`; sleep: wait `seconds`."""
    # Not in the repr: the request carries the credentials (headers, or a key in its query).
    request: Mapping[str, Any] | None = field(default=None, repr=False)
    fetch: Callable[[], Steps] | None = field(default=None, repr=False)
    response: Any = None
    seconds: float = 0.0
    deadline: float | None = None
    """The call's deadline on the time.monotonic() clock, or None for none."""


Steps = Generator[_Step, Any, Any]


def _deadline_seconds(timeout: httpx.Timeout) -> float | None:
    """How long a whole call may take under these httpx limits: the longest, or None if any is unlimited."""
    limits = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    if any(limit is None for limit in limits):
        return None
    return max(limit for limit in limits if limit is not None)


def _attempt_timeout(timeout: httpx.Timeout, deadline: float | None) -> httpx.Timeout:
    """httpx's limits for one attempt: the call's own, none longer than the time left to the deadline."""
    import httpx

    if deadline is None:
        return timeout
    left = max(0.0, deadline - time.monotonic())

    def capped(limit: float | None) -> float:
        return left if limit is None else min(limit, left)

    return httpx.Timeout(
        connect=capped(timeout.connect),
        read=capped(timeout.read),
        write=capped(timeout.write),
        pool=capped(timeout.pool),
    )


def _deadline_passed() -> httpx.TimeoutException:
    """What a driver answers a send step with when the call's deadline passes first."""
    import httpx

    return httpx.TimeoutException("the call's deadline passed")


def _unfetched(scheme: auth_module.Auth) -> auth_module.Auth:
    """A copy of an auth scheme with the same credentials and no fetched token."""
    fresh = copy.copy(scheme)
    fresh.invalidate()
    return fresh


class _Core(Generic[HttpClient]):
    """What sync and async clients share: configuration, request preparation, retries, response handling."""

    # The keyword-only parameters after `credentials` are the client options, written here once:
    # `generator.naming.client_options` reads them, and every generated client's __init__ repeats them
    # (its `Environment`, its httpx client class) and passes them on.
    def __init__(
        self,
        spec: VendorSpec,
        validator: Validate,
        *,
        credentials: Mapping[str, str | None],
        environment: Environment | None = None,
        base_url: str | None = None,
        server_variables: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
        validate: bool = True,
        http_client: HttpClient | None = None,
    ) -> None:
        self._spec = spec
        self._validate = validator
        self._validating = validate
        self.base_url: str = _base_url(spec, environment, base_url, server_variables).rstrip("/")
        built = {
            scheme.id: auth_module.build(scheme, credentials, vendor=spec.id)
            for scheme in spec.auth
        }
        self._auth = {scheme_id: value for scheme_id, value in built.items() if value is not None}
        auth_module.require_any(spec.id, spec.auth, self._auth)
        self._timeout = timeout
        self._retry = replace(retry_policy or RetryPolicy(), max_retries=max_retries)
        self._default_headers = dict(default_headers or {})
        import logging  # at construction, not import: keeps importing a client cheap

        self._log = logging.getLogger(f"ats_sdk.{spec.id}")
        self._owns_http = http_client is None
        self._http: HttpClient = http_client or self._new_http(self._httpx_timeout(timeout))
        # A copy made by with_options(timeout=...) shares the httpx client, with its own limits.
        self._call_limits: httpx.Timeout | None = None
        self._set_user_agent(self._http.headers)

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_policy: RetryPolicy | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        validate: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with the options given changed, the others as they are.

        The copy shares this client's credentials and its httpx client: closing the copy closes nothing;
        close this client when both are done. With another base_url it fetches tokens of its own.
        `default_headers` replaces this client's; `retry_policy` keeps this client's max_retries unless
        `max_retries` is given too.
        """
        import httpx

        clone = copy.copy(self)
        clone._owns_http = False
        if not isinstance(base_url, NotGiven):
            clone.base_url = base_url.rstrip("/")
            # A token was fetched for this client's base URL (the token URL may be relative to it), so
            # the copy fetches its own: the same credentials, none of this client's tokens.
            clone._auth = {
                scheme_id: _unfetched(scheme) for scheme_id, scheme in self._auth.items()
            }
        if not isinstance(timeout, NotGiven):
            clone._call_limits = httpx.Timeout(timeout)
        policy = self._retry if isinstance(retry_policy, NotGiven) else retry_policy
        retries = self._retry.max_retries if isinstance(max_retries, NotGiven) else max_retries
        clone._retry = replace(policy, max_retries=retries)
        if not isinstance(default_headers, NotGiven):
            clone._default_headers = dict(default_headers)
        if not isinstance(validate, NotGiven):
            clone._validating = validate
        return clone

    @property
    def with_raw_response(self) -> Any:
        """The client's operations, each returning a RawResponse (the httpx response, the parsed result on
        demand) instead of the parsed result. Each generated client types it with its own operations.
        """
        raise NotImplementedError

    def _new_http(self, timeout: Any) -> HttpClient:
        """The client's own httpx client, when the caller gives none (it is closed with the client)."""
        raise NotImplementedError

    # -- configuration ----------------------------------------------------------------------------------------

    @staticmethod
    def _httpx_timeout(value: float | httpx.Timeout | NotGiven | None) -> Any:
        import httpx

        if isinstance(value, NotGiven):
            return httpx.Timeout(DEFAULT_TIMEOUT_SECONDS, connect=DEFAULT_CONNECT_TIMEOUT_SECONDS)
        return value

    def _user_agent(self) -> str:
        import httpx

        python = ".".join(map(str, sys.version_info[:3]))
        return (
            f"ats-sdk/{_sdk_version()} ({self._spec.id}) python/{python} httpx/{httpx.__version__}"
        )

    def _set_user_agent(self, headers: httpx.Headers) -> None:
        """Name the SDK, unless the caller's own httpx client already says something other than httpx's default."""
        if headers.get("User-Agent", "python-httpx/").startswith("python-httpx/"):
            headers["User-Agent"] = self._user_agent()

    def __repr__(self) -> str:
        schemes = ", ".join(self._auth) or "none"
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, auth=[{schemes}], credentials=***)"
        )

    # -- requests ---------------------------------------------------------------------------------------------

    def _prepare(
        self, operation_id: str, request: RequestParts, options: _CallOptions
    ) -> _Prepared:
        op = self._spec.operations[operation_id]
        parts = request.given()
        validating = (
            self._validating if isinstance(options.validate, NotGiven) else options.validate
        )
        violations = self._violations(op, parts) if validating else []
        # Even unvalidated, a path parameter may not name another endpoint: that check always runs.
        violations.extend(_path_segment_violations(op, parts["path"], violations))
        if violations:
            raise ValidationFailed(f"{self._spec.id}.{operation_id}", violations)
        path = _PATH_PARAM.sub(lambda m: _path_segment(parts["path"][m.group(1)]), op.path)
        headers = {name: str(value) for name, value in parts["headers"].items()}
        headers.update(self._default_headers)
        headers.update(options.extra_headers or {})
        # The escape hatches add what the spec does not list, after validation: they are not checked.
        query = {**parts["query"], **(options.extra_query or {})}
        body = {**parts["body"], **(options.extra_body or {})}
        has_body = op.has_body or bool(options.extra_body)
        return _Prepared(op, op.method, self.base_url + path, query, headers, body, has_body)

    def _violations(
        self, op: OperationSpec, parts: Mapping[Part, Mapping[str, Any]]
    ) -> list[Violation]:
        """What the generated validators find wrong with each part of a request."""
        violations: list[Violation] = []
        for part, values in parts.items():
            if part == "body" and not op.has_body:
                continue
            violations.extend(self._validate(op.id, values, part))
        return violations

    def _scheme_for(self, op: OperationSpec) -> auth_module.Auth | None:
        for scheme_id in op.auth:
            if scheme_id in self._auth:
                return self._auth[scheme_id]
        if op.auth:
            schemes = tuple(s for s in self._spec.auth if s.id in op.auth)
            raise MissingCredentialsError(
                auth_module.missing_message(f"{self._spec.id}.{op.id}", schemes)
            )
        return None

    def _retry_limit(self, op: OperationSpec, max_retries: int | NotGiven) -> int:
        """Retries for this call: operations not safe to retry are retried only when the call asks."""
        if not isinstance(max_retries, NotGiven):
            return max_retries
        return self._retry.max_retries if op.retry_safe else 0

    def _send_kwargs(
        self, prepared: _Prepared, timeout: float | httpx.Timeout | NotGiven | None
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"params": prepared.query or None, "headers": prepared.headers}
        if prepared.has_body:
            form = prepared.operation.content_type == "application/x-www-form-urlencoded"
            kwargs["data" if form else "json"] = prepared.body
        if not isinstance(timeout, NotGiven):
            kwargs["timeout"] = timeout
        return kwargs

    def _log_response(self, prepared: _Prepared, status: int, started: float, attempt: int) -> None:
        elapsed = time.monotonic() - started
        self._log.debug(
            "%s %s -> %s (%.2f s, attempt %d)",
            prepared.method,
            prepared.operation.path,
            status,
            elapsed,
            attempt + 1,
        )

    def _log_retry(
        self, prepared: _Prepared, reason: str, delay: float, attempt: int, limit: int
    ) -> None:
        self._log.info(
            "%s %s: %s; retry %d of %d in %.2f s",
            prepared.method,
            prepared.operation.path,
            reason,
            attempt + 1,
            limit,
            delay,
        )

    def _attempts(
        self,
        prepared: _Prepared,
        scheme: auth_module.Auth | None,
        limit: int,
        limits: httpx.Timeout,
        deadline: float | None,
        finish: Callable[[httpx.Response], Any],
    ) -> Steps:
        """The decisions of one call, as steps for a driver to carry out; returns what `finish` makes of
        the final response (the parsed result, a RawResponse, a token).

        A 401 with refreshable credentials fetches them again, once. 429, 5xx and transient transport
        errors are retried up to `limit` times, waiting as RetryPolicy says (Retry-After when the vendor
        sends it), while the next attempt can start before the call's `deadline` (on the time.monotonic()
        clock; None for none). Redirects are followed or refused as the module docstring says.
        """
        op = prepared.operation
        attempt, refreshed, hops = 0, False, 0
        target = (prepared.method, prepared.url)
        while True:
            started = time.monotonic()
            signed: Mapping[str, str] = {}
            if scheme is not None:
                fetch = partial(self._token_attempts, scheme, limits, deadline)
                signed = yield _Step("headers", fetch=fetch)
            attempt_limits = _attempt_timeout(limits, deadline)
            kwargs = self._target_kwargs(
                prepared, target, self._send_kwargs(prepared, attempt_limits)
            )
            kwargs["headers"] = dict(prepared.headers)
            # After `_target_kwargs`: a key in the query joins a followed redirect's own query.
            if scheme is not None:
                scheme.sign(signed, kwargs)
            # Fetching a token may have taken the time that was left.
            if deadline is not None and time.monotonic() >= deadline:
                outcome: Any = _deadline_passed()
            else:
                outcome = yield _Step("send", request=kwargs, deadline=deadline)
            if isinstance(outcome, Exception):
                failure = self._transport_failure(op, outcome)
                wait = self._retry.delay(attempt, None)
                if (
                    attempt >= limit
                    or not _transient(outcome)
                    or not _starts_in_time(wait, deadline)
                ):
                    raise failure
                self._log_retry(prepared, str(failure), wait, attempt, limit)
                yield _Step("sleep", seconds=wait)
                attempt += 1
                continue
            response: httpx.Response = outcome
            self._log_response(prepared, response.status_code, started, attempt)
            if 300 <= response.status_code < 400:
                target = self._redirect(prepared, target, response, hops)
                hops += 1
                yield _Step("discard", response=response)
                continue
            if (
                response.status_code == 401
                and scheme is not None
                and scheme.refreshes
                and not refreshed
            ):
                scheme.invalidate()  # an expired or revoked token: fetch a new one, once
                refreshed = True
                yield _Step("discard", response=response)
                continue
            if _retryable(response.status_code) and attempt < limit:
                wait = self._retry.delay(
                    attempt, parse_retry_after(response.headers.get("Retry-After"))
                )
                # A retry that could not start before the deadline is not made: this answer stands.
                if _starts_in_time(wait, deadline):
                    self._log_retry(prepared, f"HTTP {response.status_code}", wait, attempt, limit)
                    yield _Step("discard", response=response)
                    yield _Step("sleep", seconds=wait)
                    attempt += 1
                    continue
            return finish(response)

    def _token_attempts(
        self, scheme: auth_module.Auth, limits: httpx.Timeout, deadline: float | None
    ) -> Steps:
        """Fetch the scheme's token, retried as a call safe to retry is, within the call's deadline;
        returns the headers to send."""
        token = scheme.token_request(self.base_url)
        op = OperationSpec(
            id="fetch_token",
            method="POST",
            path=token.url,
            auth=(),
            retry_safe=True,
            params=(),
            responses=(),
            has_body=True,
            content_type=token.content_type,
        )
        headers = dict(self._default_headers)
        prepared = _Prepared(op, "POST", token.url, {}, headers, dict(token.form), True)
        limit = self._retry.max_retries
        accept = partial(scheme.accept, self._spec.id)
        return self._attempts(prepared, None, limit, limits, deadline, accept)

    @staticmethod
    def _target_kwargs(
        prepared: _Prepared, target: tuple[str, str], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """httpx keyword arguments for the request to `target` (method, URL): the prepared request's, or
        after a redirect its Location's (which carries its own query; a 303's GET carries no body).
        """
        method, url = target
        kwargs.update(method=method, url=url, follow_redirects=False)
        if url != prepared.url:
            kwargs["params"] = None
        if method != prepared.method:
            kwargs.pop("json", None)
            kwargs.pop("data", None)
        return kwargs

    def _redirect(
        self, prepared: _Prepared, target: tuple[str, str], response: httpx.Response, hops: int
    ) -> tuple[str, str]:
        """The (method, URL) a 3xx leads to, when the SDK follows it; RedirectError when it does not."""
        followed = _follow(prepared.url, target, response, hops)
        if isinstance(followed, tuple):
            return followed
        error = RedirectError(
            vendor=self._spec.id,
            operation=prepared.operation.id,
            status=response.status_code,
            code=None,
            message=followed,
            body=None,
            response=response,
        )
        error.location = response.headers.get("Location")
        raise error

    def _secrets(self) -> list[str]:
        """Every credential the client may send, for `auth.redact`."""
        return [secret for scheme in self._auth.values() for secret in scheme.secrets()]

    def _transport_failure(self, op: OperationSpec, exc: Exception) -> TransportError:
        """The typed error for an exception raised instead of a response, its text redacted."""
        import httpx

        text = auth_module.redact(f"{type(exc).__name__}: {exc}", self._secrets())
        if isinstance(exc, httpx.TimeoutException):
            return RequestTimeout(f"{self._spec.id}.{op.id}: timed out ({text})", operation=op.id)
        if isinstance(exc, httpx.TransportError):
            return TransportError(f"{self._spec.id}.{op.id}: {text}", operation=op.id)
        return TransportError(
            f"{self._spec.id}.{op.id}: the HTTP client failed: {text}", operation=op.id
        )

    def _start(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        options: _CallOptions,
        *,
        raw: bool,
        url: str | None = None,
    ) -> tuple[_Prepared, auth_module.Auth | None, Steps]:
        """The steps of a call; its result is the body parsed by the model `responses` names for the
        status (by documented status), or with `raw` a RawResponse that parses it on demand. With `url` (a
        next page's link, on the client's origin), the request goes there with that URL's own query.

        The call's limits are its own timeout, else the client's (with_options), else the httpx client's.
        """
        import httpx

        prepared = self._prepare(operation_id, request, options)
        if url is not None:
            prepared = replace(prepared, url=url, query={})
        scheme = self._scheme_for(prepared.operation)
        limit = self._retry_limit(prepared.operation, options.max_retries)
        if not isinstance(options.timeout, NotGiven):
            limits = httpx.Timeout(options.timeout)
        else:
            limits = self._call_limits or self._http.timeout
        seconds = _deadline_seconds(limits)
        deadline = None if seconds is None else time.monotonic() + seconds
        finish = partial(self._raw_result if raw else self._result, prepared.operation, responses)
        return prepared, scheme, self._attempts(prepared, scheme, limit, limits, deadline, finish)

    # -- responses --------------------------------------------------------------------------------------------

    def _raw_result(
        self, op: OperationSpec, responses: Mapping[str, type[Any]], response: httpx.Response
    ) -> RawResponse[Any]:
        """A final response for `with_raw_response`: an error status raises as usual; parsing waits."""
        if response.status_code >= 400:
            raise self._error(op, response)
        return RawResponse(response, partial(self._result, op, responses, response))

    def _result(
        self, op: OperationSpec, responses: Mapping[str, type[Any]], response: httpx.Response
    ) -> Any:
        """The success body parsed by the model `responses` names for its documented status, with
        `raw_response` set; an error status raises."""
        from .models import EmptyResponse

        if response.status_code >= 400:
            raise self._error(op, response)
        documented = op.response_for(response.status_code)
        # A success the spec does not list may match only an error description (a `default` with the
        # vendor's error envelope): the operation's documented success body is what is expected then.
        if documented is None or documented.status not in responses:
            documented = op.success
        assert documented is not None, f"{op.id} documents no success"
        model = responses[documented.status]
        if issubclass(model, EmptyResponse):  # documented without a body: nothing to decode
            return self._keep_response(model(), response, documented)
        try:
            data = _decode_json(response)
        except _Undecodable as problem:
            raise ResponseDecodeError(
                f"{self._spec.id}.{op.id}: HTTP {response.status_code} with {problem}, where the "
                f"operation documents a JSON body ({model.__name__})",
                operation=op.id,
                response=response,
            ) from None
        return self._keep_response(self._parse(op, model, data, response), response, documented)

    def _parse(
        self, op: OperationSpec, model: type[Any], data: Any, response: httpx.Response
    ) -> Any:
        from pydantic import ValidationError

        try:
            parsed = model.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5]
            )
            raise ResponseDecodeError(
                f"{self._spec.id}.{op.id}: the response does not have the documented shape: {problems}",
                operation=op.id,
                response=response,
            ) from None
        return parsed

    @staticmethod
    def _keep_response(
        result: Any, response: httpx.Response, documented: ResponseSpec | None
    ) -> Any:
        """`result` with the response it came from as its `raw_response`, and the headers the spec
        documents for its status as its `response_headers` (private pydantic attributes)."""
        result._raw_response = response
        result._response_headers = ResponseHeaders.of(documented, response.headers)
        return result

    def _error(self, op: OperationSpec, response: httpx.Response) -> APIError:
        try:
            body: Any = _decode_json(response)
        except _Undecodable:
            body = response.text
        documented = op.response_for(response.status_code)
        envelope = self._spec.envelope(documented.envelope if documented else None)
        if envelope is None and self._spec.envelopes and isinstance(body, dict):
            envelope = self._spec.envelopes[
                0
            ]  # an undocumented status still uses the vendor's envelope
        message: Any = pointer_get(body, envelope.message) if envelope else None
        code: Any = pointer_get(body, envelope.code) if envelope else None
        if not isinstance(message, str) or not message:
            text = body if isinstance(body, str) else ""
            message = (text.strip()[:200] or response.reason_phrase or "error").replace("\n", " ")
        # A vendor may quote the credential it refused ("Invalid token sk-..."): never repeat it.
        message = auth_module.redact(message, self._secrets())
        cls = error_class(response.status_code)
        error = cls(
            vendor=self._spec.id,
            operation=op.id,
            status=response.status_code,
            code=code if isinstance(code, (str, int)) and not isinstance(code, bool) else None,
            message=message,
            body=body,
            response=response,
            response_headers=ResponseHeaders.of(documented, response.headers),
        )
        if isinstance(error, RateLimitError):
            error.retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return error

    # -- pagination -------------------------------------------------------------------------------------------

    def _pages(
        self, operation_id: str, request: RequestParts, options: _CallOptions
    ) -> pagination.Style:
        """Where a listing starts, after the request passes the same validation as the plain call; the
        operation's pagination style (`pagination.STYLES`) walks it through the query parameters."""
        self._prepare(operation_id, request, options)
        label = f"{self._spec.id}.{operation_id}"
        given = {k: v for k, v in request.query.items() if not isinstance(v, NotGiven)}
        op = self._spec.operations[operation_id]
        return pagination.pager(op, given, label, self.base_url)

    def _page_start(
        self,
        pages: pagination.Style,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        options: _CallOptions,
    ) -> tuple[auth_module.Auth | None, Steps]:
        """The steps that fetch the listing's next page: the call with the pager's query, or the URL the
        vendor gave for it (which carries its own query)."""
        page = pages.next_request()
        _, scheme, steps = self._start(
            operation_id,
            replace(request, query=page.arguments),
            responses,
            options,
            raw=True,
            url=page.url,
        )
        return scheme, steps

    @staticmethod
    def _page_items(pages: pagination.Style, page: RawResponse[Any]) -> list[Any]:
        """The raw items of a fetched page, as the pager reads them from its body and headers."""
        from .models import EmptyResponse

        # Parsed first: a page that is not the documented shape raises ResponseDecodeError, as a call does.
        parsed = page.parse()
        response = page.http_response
        # The body decoded once already, when the page was parsed; this cannot fail differently. A page
        # with no documented body has no items, but may still link to the next.
        body = None if isinstance(parsed, EmptyResponse) else _decode_json(response)
        return pages.take(body, response.headers, str(response.url), response)


class SyncClient(_Core["httpx.Client"]):
    """A vendor client over httpx.Client. Use as a context manager, or call close()."""

    def _new_http(self, timeout: Any) -> httpx.Client:
        import httpx

        return httpx.Client(timeout=timeout)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[R]],
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        validate: bool | NotGiven = NOT_GIVEN,
    ) -> R:
        """Make the request `request` describes; the body parsed by the model `responses` names for
        the status received (by documented status), with its `raw_response`."""
        options = _CallOptions(
            timeout, max_retries, extra_headers, extra_query, extra_body, validate
        )
        _, scheme, steps = self._start(operation_id, request, responses, options, raw=False)
        result: R = self._run(steps, scheme)
        return result

    def _call_raw(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[R]],
        **options: Any,
    ) -> RawResponse[R]:
        """`_call` for `with_raw_response`: a RawResponse. `options` are `_call`'s keyword arguments."""
        options_ = _CallOptions(**options)
        _, scheme, steps = self._start(operation_id, request, responses, options_, raw=True)
        result: RawResponse[R] = self._run(steps, scheme)
        return result

    def _run(self, steps: Steps, scheme: auth_module.Auth | None) -> Any:
        """Carry out the steps of `_attempts`; its result."""
        result: Any = None
        try:
            while True:
                step = steps.send(result)
                result = None
                if step.kind == "headers":
                    assert scheme is not None and step.fetch is not None
                    result = self._headers(scheme, step.fetch)
                elif step.kind == "send":
                    result = self._send(step.request or {}, step.deadline)
                elif step.kind == "discard":
                    step.response.close()
                else:
                    time.sleep(step.seconds)
        except StopIteration as done:
            return done.value

    def _headers(self, scheme: auth_module.Auth, fetch: Callable[[], Steps]) -> dict[str, str]:
        # One thread fetches a token; the others wait for it here, then find it current.
        with scheme.lock:
            current = scheme.current()
            result: dict[str, str] = current if current is not None else self._run(fetch(), None)
            return result

    def _send(self, request: Mapping[str, Any], deadline: float | None) -> Any:
        # Whatever the transport raises goes back to `_attempts` as a value, to be typed and redacted there.
        if deadline is not None:
            return _Exchange(self._http, request).outcome(deadline)
        try:
            return self._http.request(**request)
        except Exception as exc:
            return exc

    def _paginate(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        item: Callable[[Any], T],
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        validate: bool | NotGiven = NOT_GIVEN,
    ) -> Iterator[T]:
        """Every item of every page; the arguments are validated now, before any page is fetched."""
        options = _CallOptions(
            timeout, max_retries, extra_headers, extra_query, extra_body, validate
        )
        pages = self._pages(operation_id, request, options)
        return self._iterate(pages, operation_id, request, responses, item, options)

    def _iterate(
        self,
        pages: pagination.Style,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        item: Callable[[Any], T],
        options: _CallOptions,
    ) -> Iterator[T]:
        while not pages.done:
            scheme, steps = self._page_start(pages, operation_id, request, responses, options)
            page = self._run(steps, scheme)
            yield from (item(raw) for raw in self._page_items(pages, page))


class AsyncClient(_Core["httpx.AsyncClient"]):
    """A vendor client over httpx.AsyncClient. Use as an async context manager, or await aclose()."""

    def _new_http(self, timeout: Any) -> httpx.AsyncClient:
        import httpx

        return httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _call(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[R]],
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        validate: bool | NotGiven = NOT_GIVEN,
    ) -> R:
        """Make the request `request` describes; the body parsed by the model `responses` names for
        the status received (by documented status), with its `raw_response`."""
        options = _CallOptions(
            timeout, max_retries, extra_headers, extra_query, extra_body, validate
        )
        _, scheme, steps = self._start(operation_id, request, responses, options, raw=False)
        result: R = await self._run(steps, scheme)
        return result

    async def _call_raw(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[R]],
        **options: Any,
    ) -> RawResponse[R]:
        """`_call` for `with_raw_response`: a RawResponse. `options` are `_call`'s keyword arguments."""
        options_ = _CallOptions(**options)
        _, scheme, steps = self._start(operation_id, request, responses, options_, raw=True)
        result: RawResponse[R] = await self._run(steps, scheme)
        return result

    async def _run(self, steps: Steps, scheme: auth_module.Auth | None) -> Any:
        """Carry out the steps of `_attempts`; its result."""
        result: Any = None
        try:
            while True:
                step = steps.send(result)
                result = None
                if step.kind == "headers":
                    assert scheme is not None and step.fetch is not None
                    result = await self._headers(scheme, step.fetch)
                elif step.kind == "send":
                    result = await self._send(step.request or {}, step.deadline)
                elif step.kind == "discard":
                    await step.response.aclose()
                else:
                    import asyncio

                    await asyncio.sleep(step.seconds)
        except StopIteration as done:
            return done.value

    async def _headers(
        self, scheme: auth_module.Auth, fetch: Callable[[], Steps]
    ) -> dict[str, str]:
        # One task fetches a token; the others wait for it here, then find it current.
        async with scheme.async_lock():
            current = scheme.current()
            result: dict[str, str] = (
                current if current is not None else await self._run(fetch(), None)
            )
            return result

    async def _send(self, request: Mapping[str, Any], deadline: float | None) -> Any:
        # Whatever the transport raises goes back to `_attempts` as a value, to be typed and redacted there.
        import asyncio

        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            # Cancelling at the deadline closes the connection: no read outlives the call.
            async with asyncio.timeout(left):
                return await self._http.request(**request)
        except TimeoutError:
            return _deadline_passed()
        except Exception as exc:
            return exc

    def _paginate(
        self,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        item: Callable[[Any], T],
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        validate: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[T]:
        """Every item of every page; the arguments are validated now, before any page is fetched."""
        options = _CallOptions(
            timeout, max_retries, extra_headers, extra_query, extra_body, validate
        )
        pages = self._pages(operation_id, request, options)
        return self._iterate(pages, operation_id, request, responses, item, options)

    async def _iterate(
        self,
        pages: pagination.Style,
        operation_id: str,
        request: RequestParts,
        responses: Mapping[str, type[Any]],
        item: Callable[[Any], T],
        options: _CallOptions,
    ) -> AsyncIterator[T]:
        while not pages.done:
            scheme, steps = self._page_start(pages, operation_id, request, responses, options)
            page = await self._run(steps, scheme)
            for raw in self._page_items(pages, page):
                yield item(raw)
