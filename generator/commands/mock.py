"""`atsgen mock VENDOR [--port N] [--host H] [fault options]`: serve a mock of a vendor's API locally.

The server is `ats_sdk.mock.MockServer` (from generated/ when present, else the installed SDK): the
vendor's operations at their paths, auth, validation in the vendor's error envelope, state kept while it
runs, fault injection, and a control API under /__mock__/. It prints its URL, the credentials it accepts
and its routes, then serves (printing a line per request unless --quiet) until Ctrl-C.

Exit status: 0 after Ctrl-C; 2 for an unknown vendor, a bad option (a number out of range: negative,
NaN, infinite or absurdly large) or an address it cannot listen on.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import time
from pathlib import Path
from typing import Any

from generator import default_paths
from generator.commands import EXIT_OK, Subparsers, UsageError


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "mock",
        help="serve a local mock of a vendor's API, for integration tests",
        description="Serve a mock of a vendor's API on a local port: routes, auth, validation and error "
        "envelopes from the spec, in-memory state, fault injection and a request log (control API under "
        "/__mock__/). Prints the URL and the credentials to use, then serves until Ctrl-C (exit 0).",
        epilog="Fault specs: a kind or a status, then key=value pairs: 503 | 429,retry_after=2,times=3 | "
        "drop,operation=create_candidate | latency,delay=0.5,rate=0.1 | malformed,times=all. Keys: status, "
        "delay, retry_after, message, code, operation, times (a number, or all), rate (0-1), processed.",
    )
    parser.add_argument("vendor", metavar="VENDOR", help="vendor id, e.g. talynce")
    parser.add_argument(
        "--port",
        type=_port,
        default=8080,
        help="port to listen on (default 8080; 0 picks a free one)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, loopback only)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault (repeatable; see below)",
    )
    parser.add_argument(
        "--latency", type=float, metavar="SECONDS", help="delay every response by SECONDS"
    )
    parser.add_argument(
        "--error-rate",
        type=float,
        metavar="RATE",
        help="answer 500 to this share (0-1) of requests",
    )
    parser.add_argument("--seed", type=int, help="seed for rate-based faults, to repeat a run")
    parser.add_argument(
        "--token-lifetime", type=float, metavar="SECONDS", help="lifetime of issued OAuth2 tokens"
    )
    parser.add_argument(
        "--default-limit",
        type=int,
        default=50,
        metavar="N",
        help="page size when a list names none (default 50)",
    )
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds a client has to send each request; idle connections close after as long "
        "(default 10)",
    )
    parser.add_argument(
        "--max-body-size",
        type=int,
        default=16 << 20,
        metavar="BYTES",
        help="largest request body; a larger one gets 413 (default 16 MiB)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=256,
        metavar="N",
        help="connections served at once, one thread each; more wait their turn (default 256)",
    )
    parser.add_argument(
        "--credential",
        action="append",
        default=[],
        metavar="SCHEME.NAME=VALUE",
        help="accept this credential instead of the default, e.g. bearer.token=secret (repeatable)",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="do not print a line per request"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=default_paths.OUT_DIR,
        help="the generated package's folder (default: generated)",
    )
    parser.set_defaults(handler=run)


def _mock_module(out: Path) -> Any:
    """`ats_sdk.mock`, from generated/ when present, else the installed SDK."""
    if (out / "ats_sdk").is_dir() and str(out.resolve()) not in sys.path:
        sys.path.insert(0, str(out.resolve()))
    try:
        return importlib.import_module("ats_sdk.mock")
    except ModuleNotFoundError as exc:
        raise UsageError(
            f"cannot import ats_sdk.mock ({exc}); run `atsgen generate` first"
        ) from None


def _credentials(items: list[str]) -> dict[str, dict[str, str]]:
    credentials: dict[str, dict[str, str]] = {}
    for item in items:
        key, eq, value = item.partition("=")
        scheme, dot, name = key.partition(".")
        if not (eq and dot and scheme and name):
            raise UsageError(
                f"--credential wants SCHEME.NAME=VALUE (e.g. bearer.token=secret), got {item!r}"
            )
        credentials.setdefault(scheme, {})[name] = value
    return credentials


def run(args: argparse.Namespace) -> int:
    mock = _mock_module(args.out)
    server = _server(mock, args)
    unknown = sorted(set(_credentials(args.credential)) - {s.id for s in server.vendor.auth})
    if unknown:
        raise UsageError(
            f"{args.vendor} has no auth scheme {', '.join(unknown)}; known: {', '.join(s.id for s in server.vendor.auth)}"
        )
    _add_faults(mock, server, args)
    # The atsgen command runs with the cyclic collector off (`cli.command`: a run is short); a mock
    # serves until stopped, so it collects as any long-running process does.
    gc.enable()
    try:
        server.start()
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    try:
        _announce(server)
        while server.running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("atsgen mock: stopped", file=sys.stderr)
    return EXIT_OK


def _server(mock: Any, args: argparse.Namespace) -> Any:
    """The MockServer the options describe; its own range checks (MockOptionError) are usage errors."""
    try:
        return mock.MockServer(
            args.vendor,
            host=args.host,
            port=args.port,
            credentials=_credentials(args.credential),
            token_lifetime=args.token_lifetime,
            default_limit=args.default_limit,
            seed=args.seed,
            verbose=not args.quiet,
            request_timeout=args.request_timeout,
            max_body_size=args.max_body_size,
            max_connections=args.max_connections,
        )
    except LookupError as exc:
        raise UsageError(str(exc.args[0] if exc.args else exc)) from None
    except mock.MockOptionError as exc:
        # The keyword's name is the option's: token_lifetime -> --token-lifetime.
        raise UsageError(f"--{exc.option.replace('_', '-')} {exc.problem}") from None


def _add_faults(mock: Any, server: Any, args: argparse.Namespace) -> None:
    """--fault, --latency and --error-rate, each refused (exit 2) in its own words when out of range."""
    for spec in args.fault:
        try:
            server.faults.add(mock.Fault.parse(spec))
        except ValueError as exc:
            raise UsageError(f"bad fault {spec!r}: {exc}") from None
    try:
        if args.latency is not None:
            server.faults.latency(args.latency, times=None)
    except mock.MockOptionError as exc:
        raise UsageError(f"--latency {exc.problem}") from None
    try:
        if args.error_rate is not None:
            server.faults.status(500, rate=args.error_rate, times=None)
    except mock.MockOptionError as exc:
        raise UsageError(f"--error-rate {exc.problem}") from None


def _announce(server: Any) -> None:
    vendor = server.vendor
    lines = [f"{vendor.name} mock serving at {server.url}  (Ctrl-C to stop)", "", "Credentials:"]
    for scheme in vendor.auth:
        values = ", ".join(
            f"{name}={value}" for name, value in server.credentials.get(scheme.id, {}).items()
        )
        extra = f"; token endpoint POST {server.url}{scheme.token_url}" if scheme.token_url else ""
        lines.append(f"  {scheme.id} ({scheme.type}): {values}{extra}")
    if server.env:
        lines += ["", "Environment:"] + [
            f"  export {name}={value}" for name, value in server.env.items()
        ]
    lines += ["", "Operations:"]
    width = max((len(r.op.path) for r in server.routes), default=0)
    lines += [
        f"  {r.op.method:<6} {r.op.path:<{width}}  {r.op.id} ({r.kind})" for r in server.routes
    ]
    pending = server.faults.pending
    if pending:
        lines += ["", "Faults:"] + [f"  {f.to_dict()}" for f in pending]
    lines += ["", f"Control: {server.url}/__mock__ (GET requests, POST faults, POST reset)", ""]
    print("\n".join(lines), flush=True)


def _port(text: str) -> int:
    """A TCP port number, checked here so a wrong one is a usage error rather than a failed bind."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port
