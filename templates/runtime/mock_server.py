"""A local mock of a vendor's API, generated from the same spec as the SDK: for integration tests.

    import httpx
    from .mock_server import MockServer

    with MockServer("talynce") as server:                  # loopback, an ephemeral port
        http = httpx.Client(base_url=server.url, headers=server.auth_headers())
        server.faults.status(429, retry_after=0)           # the next request gets 429
        assert http.get("/candidates").status_code == 429
        created = http.post("/candidates", json={"full_name": "Ann", "email": "ann@example.com"})
        assert created.status_code == 201 and server.requests.count("create_candidate") == 1

Or `atsgen mock talynce --port 8080`, or the `ats_mock` pytest fixture (`ats_sdk.pytest_plugin`). Clients use
`server.url` as their base URL: routes are the operations' paths (`/candidates/{id}`), without the vendor's
base path. Standard library only (http.server); one thread per connection.

Limits (`Limits`, set on `MockServer`): at most `max_connections` (256) connections are served at once,
more wait in the listen queue; a client has `request_timeout` (10 s) to send each whole request, and an
idle connection is closed after as long; a body over `max_body_size` (16 MiB), or a malformed
Content-Length or chunk size, is answered 413 or 400 in the vendor's envelope without being read. JSON
bodies and query values nested deeper than 64 levels, NaN and Infinity are invalid JSON (the vendor's
validation response).

Each request goes through, in order:
1. Routing by method and path template; an unknown path gets 404, a known path with another method
   (TRACE and QUERY included) 405 with an Allow header naming the path's methods.
   `POST <token_url>` of an OAuth2 scheme is the token endpoint. Paths under `/__mock__/` control the mock
   (see below) and are never recorded.
2. Faults (`server.faults`, see `Fault`): latency, an error status in the vendor's envelope (with its
   documented code, e.g. Talynce 403 talent_pool_reveal_required), a dropped connection or a malformed
   body; queued for the next N requests or fired at a rate, for every operation or one (the token
   endpoint only when named, as operation "token").
3. Auth, per the operation's schemes (any one accepted): `Authorization: Bearer <token>`, the API key
   where its scheme puts it (a header, a query parameter kept out of the operation's query and masked in
   the request log, or a cookie; `auth_headers` and `auth_params` give them), HTTP Basic, or an OAuth2 token the mock issued and that has not expired. Accepted credentials
   are `server.credentials` (by scheme id, then credential name; defaults `mock-<vendor>-<name>`), also as
   environment variables in `server.env`. Failures get 401 in the vendor's envelope with its documented
   401 message where there is one (Hirempire "Invalid token"; for an expired token, a documented message
   mentioning expiry), with a WWW-Authenticate header for bearer, Basic and OAuth2 schemes.
4. Validation of path parameters, query, declared headers and JSON body with the generated validators.
   Query values arrive as text and are converted (`limit=5` -> 5) where the validator wants another type.
   Invalid input gets the vendor's validation response: the status of the first documented 400, 422, 4XX
   or default error response (400 for a range or default; with none, 400 under the fallback rule below),
   the envelope's example with the first violation's message at the message pointer (the vendor's own
   words where documented, else `field: message`), its
   code (documented, else "validation_error" or the status for numeric codes) and, where the envelope has
   details, every violation. Vendors documenting no envelope (Spott) get a body marked as the mock's own.
5. The operation, by kind, against an in-memory store kept for the server's life (`server.store`):
   - create (POST on a collection, `/candidates`): stores the body under a new id (a UUID, or an integer
     when the example's id is one) and answers 201 (the first 2xx when no 201). An operation documenting
     both 201 and 200 deduplicates: a body whose `email` (or `external_id`) matches a stored item gets 200
     and the existing item, unchanged (Talynce).
   - read (GET `/x/{id}`): the stored item, or 404 in the vendor's envelope.
   - update (PUT/PATCH `/x/{id}`, or a PUT/PATCH whose required body field `<name>_id` names the item, as
     Hirempire's PATCH /update-candidate with `candidate_id`; the collection is then `<name>s`): merges the
     body into the stored item (a key sent as null is kept as null). An unknown id gets 404 when the vendor
     can create items in that collection; otherwise (no create operation) it is taken as an item that
     exists at the vendor, and stored.
   - delete (DELETE `/x/{id}`): removes the item (404 when unknown).
   - list (GET on a collection): stored items, filtered by query parameters that name a stored field
     (anywhere in the item; `search`/`q` matches text in any field), paged by the operation's pagination
     style (`pagination.STYLES`: offset, page number, cursor or `Link` header; a page holds the size the
     request names, default `default_limit`), with the style's pointers (total, total pages, next cursor)
     set in the body and the paging parameters beside them when the example has keys of those names.
   - anything else (an action such as Paradox's interview alerts): the success example.
   Success bodies start from the response's example. The resource inside it is the object sharing the
   most keys with the collection's request fields (Talynce `/data`, Paradox `/candidate`, else the root);
   stored fields are overlaid where the example has a key of the same name and JSON shape, inside a
   wrapper holding the field's own name (Spott's viewType objects: `gender` -> `gender.gender`) or in the
   first wrapper holding it (`firstName` -> `name.firstName`); other fields stay in the store only. The id
   and `created_at`/`updated_at`-like keys are set; everything else keeps the example's plausible values.

Error statuses follow the spec (`answer_status`): a 401, 404 or validation error is answered with that
status when the operation documents it (exactly, by a range such as 4XX, or by default); else with the
documented client error status nearest to it (the lower on a tie), never 401, 403, 407 or 429 in place of
another status; else, when the operation documents no other client error, with the status itself and an
`X-Atsgen-Mock-Undocumented-Status` header saying the spec does not document it. Error bodies take the
envelope's shape: its example, made from the declared field types, with the message, code and violations
filled in where the types allow (an array details field gets one item per violation).

Every request is recorded (`server.requests`): method, path, query, headers (credentials masked), JSON
body, operation id, status, fault and the auth scheme that accepted it.

Control over HTTP (JSON): `GET /__mock__` (vendor, credentials, operations), `GET|DELETE /__mock__/requests`,
`GET|POST|DELETE /__mock__/faults` (POST a fault object or a list: `{"status": 429, "times": 2}`,
`{"kind": "drop", "operation": "create_candidate"}`), `POST /__mock__/reset` (store, faults, log,
tokens), `GET /__mock__/tokens` (token requests, tokens issued), `POST /__mock__/tokens/expire`,
`GET /__mock__/store`, `POST /__mock__/store/<collection>` (seed an item; `id` in the body keeps that id).
"""

from __future__ import annotations

import importlib
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from functools import partial
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .auth import scheme_class
from .mock_auth import TokenIssuer, check_auth, credential_params, default_credentials
from .mock_data import Store, error_body, violation_message
from .mock_faults import (
    TOKEN_OPERATION,
    Fault,
    FaultPlan,
    MockOptionError,
    RecordedRequest,
    RequestLog,
    check_count,
    check_seconds,
)
from .mock_http import (
    Handler,
    Incoming,
    Limits,
    Reply,
    add_documented_headers,
    control,
    fault_reply,
    parse_json,
    record_of,
    token_endpoint,
)
from .mock_ops import Route, build_routes, error_reply, execute, status_of
from .spec import AuthSchemeSpec, OperationSpec, VendorSpec
from .validation import Violation

if TYPE_CHECKING:
    from .validation import Part

__all__ = [
    "Fault",
    "FaultPlan",
    "Limits",
    "MockOptionError",
    "MockServer",
    "RecordedRequest",
    "RequestLog",
    "Store",
    "load_vendor",
]

Validate = Callable[[str, object, str], list[Violation]]
MAX_DEFAULT_LIMIT = 1_000_000
"""The largest `default_limit` the mock takes: a page size beyond any vendor's."""


def load_vendor(vendor_id: str) -> tuple[VendorSpec, Validate]:
    """A vendor's spec and `validate` function, from `ats_sdk.<vendor_id>`; LookupError when unknown."""
    try:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", vendor_id):
            raise ModuleNotFoundError(vendor_id)
        spec = importlib.import_module(f"ats_sdk.{vendor_id}._spec")
        validators = importlib.import_module(f"ats_sdk.{vendor_id}.validators")
    except ModuleNotFoundError:
        import ats_sdk

        raise LookupError(
            f"unknown vendor {vendor_id!r}; known: {', '.join(ats_sdk.VENDORS)}"
        ) from None
    vendor: VendorSpec = spec.VENDOR
    check: Validate = validators.validate
    return vendor, check


def _documented_messages(op: OperationSpec) -> list[str]:
    return [e.message for r in op.responses for e in r.errors if e.message]


class MockServer:
    """A vendor's API on a local port: state kept for the server's life, faults, and a request log.

    `vendor` is an id ("talynce") or a VendorSpec. `port=0` picks a free port; `url` is set once started.
    `credentials` overrides the accepted credentials by scheme id (merged over the defaults);
    `token_lifetime` is the seconds an OAuth2 token lives (default: the scheme's, else 3600);
    `default_limit` the page size of lists when the request names none; `seed` makes rate-based faults
    repeatable; `verbose` prints one line per request to standard error. `request_timeout`,
    `max_body_size` and `max_connections` bound what one client may take (see `Limits`). An option out of
    range (a negative, NaN, infinite or absurdly large number) raises `MockOptionError` (a ValueError).
    """

    def __init__(
        self,
        vendor: str | VendorSpec,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        credentials: Mapping[str, Mapping[str, str]] | None = None,
        token_lifetime: float | None = None,
        default_limit: int = 50,
        seed: int | None = None,
        verbose: bool = False,
        request_timeout: float = Limits.request_timeout,
        max_body_size: int = Limits.max_body_size,
        max_connections: int = Limits.max_connections,
    ) -> None:
        check_count("port", port, 0, 65535)
        if token_lifetime is not None:
            check_seconds("token_lifetime", token_lifetime, positive=True)
        check_count("default_limit", default_limit, 1, MAX_DEFAULT_LIMIT)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise MockOptionError("seed", f"must be a whole number, got {seed!r}")
        self.limits: Limits = Limits(request_timeout, max_body_size, max_connections)
        vendor_id = vendor if isinstance(vendor, str) else vendor.id
        loaded, self._validate = load_vendor(vendor_id)
        self.vendor: VendorSpec = loaded if isinstance(vendor, str) else vendor
        self.host: str = host
        self.port: int = port
        self.credentials: dict[str, dict[str, str]] = default_credentials(self.vendor)
        for scheme_id, values in (credentials or {}).items():
            self.credentials.setdefault(scheme_id, {}).update(values)
        self.tokens: TokenIssuer = TokenIssuer(self.vendor.id, token_lifetime)
        self.default_limit: int = default_limit
        self.verbose: bool = verbose
        self.faults: FaultPlan = FaultPlan(seed)
        self.requests: RequestLog = RequestLog()
        self.store: Store = Store()
        self.lock: threading.RLock = threading.RLock()
        """Held while the store and tokens are used; hold it to change them from a test thread."""
        self.routes: list[Route] = build_routes(self.vendor)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ----------------------------------------------------------------------------------------

    def start(self) -> MockServer:
        """Bind and serve in a background thread (idempotent); returns the server."""
        if self._httpd is None:
            self._httpd = self._bind()
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"ats-mock-{self.vendor.id}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        if self._httpd is not None:
            self._httpd.shutdown()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._close()

    def _bind(self) -> _HTTPServer:
        httpd = _HTTPServer((self.host, self.port), self)
        self.port = httpd.server_address[1]
        return httpd

    def _close(self) -> None:
        if self._httpd is not None:
            self._httpd.server_close()
        self._httpd, self._thread = None, None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to give a client, e.g. http://127.0.0.1:54321 (no trailing slash)."""
        if self._httpd is None:
            raise RuntimeError(
                "the mock server is not started: call start() or use it as a context manager"
            )
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    # -- helpers for tests ---------------------------------------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        """The accepted credentials as the environment variables the SDK reads (e.g. TALYNCE_API_KEY)."""
        return {
            var: self.credentials[s.id][name]
            for s in self.vendor.auth
            for name, var in s.env.items()
            if name in self.credentials.get(s.id, {})
        }

    @property
    def token_requests(self) -> int:
        """How many requests reached an OAuth2 token endpoint."""
        return self.tokens.requests

    def expire_tokens(self) -> int:
        """Expire every OAuth2 token issued so far (the next call with one gets 401); returns how many."""
        with self.lock:
            return self.tokens.expire_all()

    def auth_headers(self, scheme: str | None = None) -> dict[str, str]:
        """Headers that authenticate a request (the first scheme unless named); an OAuth2 scheme gets a
        freshly issued token without a token request."""
        chosen = self._scheme(scheme)
        if chosen is None:
            return {}
        with self.lock:
            return scheme_class(chosen.type).mock_headers(
                chosen, self.credentials.get(chosen.id, {}), self.tokens
            )

    def auth_params(self, scheme: str | None = None) -> dict[str, str]:
        """Query parameters that authenticate a request with `auth_headers` (for a scheme that signs in
        the query; else none)."""
        chosen = self._scheme(scheme)
        if chosen is None:
            return {}
        return scheme_class(chosen.type).mock_query(chosen, self.credentials.get(chosen.id, {}))

    def _scheme(self, scheme: str | None) -> AuthSchemeSpec | None:
        """The auth scheme named, or the vendor's first; None for a vendor without auth."""
        if scheme:
            return self.vendor.scheme(scheme)
        return self.vendor.auth[0] if self.vendor.auth else None

    def seed(
        self, collection: str, fields: Mapping[str, Any], id: str | int | None = None
    ) -> dict[str, Any]:
        """Store an item (collection as in the path, e.g. "candidates"); returns `{"id": ..., **fields}`."""
        with self.lock:
            return self.store.add(collection.strip("/"), fields, id).to_dict()

    def reset(self) -> None:
        """Forget stored items, pending faults, the request log and issued tokens."""
        with self.lock:
            self.store.clear()
            self.tokens.reset()
        self.faults.clear()
        self.requests.clear()

    def describe(self) -> dict[str, Any]:
        """What `GET /__mock__` answers: the vendor, URL, credentials and routes."""
        return {
            "vendor": self.vendor.id,
            "name": self.vendor.name,
            "url": self.url if self.running else None,
            "credentials": self.credentials,
            "env": self.env,
            "operations": [
                {"id": r.op.id, "method": r.op.method, "path": r.op.path, "kind": r.kind}
                for r in self.routes
            ],
            "token_urls": [s.token_url for s in self.vendor.auth if s.token_url],
        }

    # -- handling ------------------------------------------------------------------------------------------

    def handle(self, request: Incoming) -> Reply:
        """Answer one request (the HTTP handler calls this; usable directly without a socket)."""
        if request.path == "/__mock__" or request.path.startswith("/__mock__/"):
            if request.error is not None:
                return Reply(request.error.status, {"error": request.error.message})
            return control(self, request)
        reply, operation = self._answer(request)
        self.requests.append(record_of(self, request, reply, operation))
        if self.verbose:
            shown = "dropped" if reply.drop else str(reply.status)
            print(
                f"{request.method} {request.target} -> {shown} ({operation or 'no route'})",
                file=sys.stderr,
                flush=True,
            )
        return reply

    def _answer(self, request: Incoming) -> tuple[Reply, str | None]:
        """The reply, and the operation id the request was routed to (None: no route)."""
        operation, op, answer = self._dispatch(request)
        if request.error is not None:
            # The body was refused unread: say why, in the envelope of the operation it was meant for.
            # 400 and 413 here are the mock's own HTTP framing limits, not the API's: sent as they are.
            status, message = request.error.status, request.error.message
            return Reply(status, error_body(self.vendor, op, status, message)), operation
        reply = answer()
        if op is not None and op.id == operation:  # routed to it (not only borrowing its envelope)
            add_documented_headers(reply, op)
        return reply, operation

    def _dispatch(
        self, request: Incoming
    ) -> tuple[str | None, OperationSpec | None, Callable[[], Reply]]:
        """Where a request goes: its operation id (None: no route), the operation whose envelope its errors
        use, and the function that answers it."""
        for scheme in self.vendor.auth:
            if (
                scheme.token_url
                and request.method == "POST"
                and request.path == urlsplit(scheme.token_url).path
            ):
                token = partial(token_endpoint, self, scheme, request)
                return (
                    TOKEN_OPERATION,
                    None,
                    partial(self._with_faults, TOKEN_OPERATION, None, token),
                )
        matches = [
            (r, m)
            for r in self.routes
            if (m := r.pattern.fullmatch(request.path.rstrip("/") or "/"))
        ]
        if not matches:
            op = next(iter(self.vendor.operations.values()), None)
            message = f"No route for {request.method} {request.path}"
            return None, op, lambda: Reply(404, error_body(self.vendor, op, 404, message))
        for route, match in matches:
            if route.op.method.upper() == request.method:
                params = {
                    name: unquote(value)
                    for name, value in zip(route.params, match.groups(), strict=True)
                }
                handled = partial(self._operation, route, params, request)
                return (
                    route.op.id,
                    route.op,
                    partial(self._with_faults, route.op.id, route.op, handled),
                )
        allowed = sorted({r.op.method.upper() for r, _ in matches})
        first = matches[0][0].op
        body = error_body(
            self.vendor,
            first,
            405,
            f"{request.method} is not allowed here; use {', '.join(allowed)}",
        )
        return None, first, lambda: Reply(405, body, {"Allow": ", ".join(allowed)})

    def _with_faults(
        self, operation: str, op: OperationSpec | None, answer: Callable[[], Reply]
    ) -> Reply:
        delay, fault = self.faults.take(operation)
        if delay:
            time.sleep(delay)
        if fault is None:
            return answer()
        handled = answer() if fault.processed and fault.kind in ("drop", "malformed") else None
        reply = fault_reply(self, op, fault, handled)
        if handled is not None:
            reply.auth, reply.token = handled.auth, handled.token
        return reply

    def _operation(self, route: Route, params: dict[str, str], request: Incoming) -> Reply:
        """Auth, validation, then the operation itself; the reply says which scheme accepted the request."""
        op = route.op
        with self.lock:
            result = check_auth(
                self.vendor, op.auth, request.headers, self.credentials, self.tokens, request.query
            )
        if result.outcome != "ok":
            reply = self._unauthorized(op, result.outcome, result.challenge)
            reply.token = result.token
            return reply
        reply = self._checked(route, params, request)
        reply.auth, reply.token = result.scheme, result.token
        return reply

    def _checked(self, route: Route, params: dict[str, str], request: Incoming) -> Reply:
        op = route.op
        body: Any = None
        # An absent body is not `{}`: the spec may require one, and when it does not, there is nothing to check.
        body_sent = op.has_body and bool(request.raw.strip())
        missing: list[Violation] = []
        if body_sent:
            try:
                body = request.json()
            except ValueError as exc:
                return self._invalid(
                    op, [Violation("", "json", f"Request body is not valid JSON ({exc})")]
                )
        elif op.has_body and op.body_required:
            missing.append(Violation("", "required", "A request body is required"))
        # A key in the query (an API key scheme's parameter) was checked as one: not the operation's.
        signed = credential_params(self.vendor)
        own = {name: value for name, value in request.query.items() if name not in signed}
        query = self._coerce(op.id, "query", own)
        violations = self._violations(op, params, query, request, body, body_sent) + missing
        if violations:
            return self._invalid(op, violations)
        with self.lock:
            return execute(self, route, params, query, body if isinstance(body, dict) else {})

    # -- auth and validation -------------------------------------------------------------------------------

    def _unauthorized(self, op: OperationSpec, outcome: str, challenge: str | None) -> Reply:
        documented = [
            e.message for r in op.responses if r.status == "401" for e in r.errors if e.message
        ]
        expired = [m for m in documented if "expire" in m.lower()]
        if outcome == "expired":
            message = (expired or ["The access token has expired"])[0]
        elif documented:
            message = documented[0]
        else:
            message = "Missing credentials" if outcome == "missing" else "Invalid credentials"
        headers = {"WWW-Authenticate": challenge} if challenge else {}
        return error_reply(self.vendor, op, 401, message, headers=headers)

    def _invalid(self, op: OperationSpec, violations: list[Violation]) -> Reply:
        response = next(
            (
                r
                for r in op.responses
                if r.envelope and r.status in ("400", "422", "4XX", "default")
            ),
            None,
        )
        status = status_of(response, 400)
        message = violation_message(violations[0], _documented_messages(op))
        return error_reply(self.vendor, op, status, message, violations=violations)

    def _violations(
        self,
        op: OperationSpec,
        params: dict[str, str],
        query: dict[str, Any],
        request: Incoming,
        body: Any,
        body_sent: bool,
    ) -> list[Violation]:
        """Every violation of the path parameters, query, declared headers and body, in that order."""
        found: list[Violation] = []
        declared = [p.wire_name for p in op.params if p.location == "header"]
        headers = {
            name: request.headers[name.lower()]
            for name in declared
            if name.lower() in request.headers
        }
        # Path and header values arrive as text: checked as the JSON values they spell (an integer id).
        parts: list[tuple[str, object]] = [
            ("path", self._coerce(op.id, "path", params)),
            ("query", query),
            ("headers", self._coerce(op.id, "headers", headers)),
        ]
        if body_sent:
            parts.append(("body", body))
        for part, payload in parts:
            try:
                found.extend(self._validate(op.id, payload, part))
            except ValueError:  # the operation has no such part
                continue
        return found

    def _coerce(
        self, operation: str, part: Part, raw: Mapping[str, str | list[str]]
    ) -> dict[str, Any]:
        """Values of the path, query or headers as the validator wants them: the text where the spec takes
        text, else the JSON scalar it spells (`5`, `true`), else (in a query) a list."""
        value: dict[str, Any] = dict(raw)
        try:
            violations = self._validate(operation, value, part)
        except ValueError:
            return value

        def type_errors(found: list[Violation], key: str) -> bool:
            return any(
                v.rule == "type" and (v.pointer == f"/{key}" or v.pointer.startswith(f"/{key}/"))
                for v in found
            )

        for key, text in raw.items():
            if not type_errors(violations, key):
                continue
            for candidate in _alternatives(text, lists=part == "query"):
                trial = {**value, key: candidate}
                found = self._validate(operation, trial, part)
                if not type_errors(found, key):
                    value, violations = trial, found
                    break
        return value


def _alternatives(text: str | list[str], *, lists: bool) -> list[Any]:
    items = text if isinstance(text, list) else [text]
    converted: list[Any] = []
    for item in items:
        try:
            converted.append(parse_json(item))
        except ValueError:
            converted.append(item)
    single = converted if isinstance(text, list) else converted[0]
    options: list[Any] = [single]
    if lists and not isinstance(text, list):
        options += [[text], [part for part in text.split(",")]]
    return options


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The standard library's listen backlog of 5 made simultaneous clients time out: queue as many as the
    # system allows (Linux caps this at net.core.somaxconn).
    request_queue_size = 4096

    def __init__(self, address: tuple[str, int], mock: MockServer) -> None:
        self.mock = mock
        self._slots = threading.BoundedSemaphore(mock.limits.max_connections)
        self._closing = threading.Event()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve a connection in its own thread, at most `max_connections` at once.

        Beyond the bound, the accepting thread waits for a connection to end (each ends within the request
        timeout once stalled), and new clients wait in the listen queue rather than being refused.
        """
        while not self._slots.acquire(timeout=0.05):
            if self._closing.is_set():
                self.shutdown_request(request)
                return
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"ats-mock-{self.mock.vendor.id}-connection",
            daemon=True,
        )
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def shutdown(self) -> None:
        self._closing.set()
        super().shutdown()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)
