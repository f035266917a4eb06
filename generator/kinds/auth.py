"""Auth scheme types: each one described once, as one class, for every generator stage that handles `auth:`.

What a scheme does at run time belongs to the SDK runtime: `atsgen_runtime.auth.SCHEMES` has one class per
type with its credentials (names, which are secret), how it signs a request and how the mock checks one.
Each class here wraps one of those (`runtime`) and adds what the generator's stages need from the type:

- lowering (`lower/vendor.py`): `keys` (the spec keys that apply to it, beyond the common ones),
  `required` (the keys it needs, and what each is), `default_prefix`, `token_fields`;
- client constructor docs (`emit/clients.py`): `credential_docs`, the credentials from the runtime;
- docs (`emit/docs.py`): `words`, `sent` (the header as sent), `names_header` (the summary names it);
- OpenAPI (`emit/openapi.py`): `openapi`, the security scheme object;
- diff (`diff/compare.py`): `words`.

`AuthType` is the IR's scheme type: a name only `named` makes, so every type a stage holds is one the
registry describes. The spec schema (`generator/spec_schema.json`) lists the same names, for editors; a test
holds the two equal. Adding a scheme type: its class in the runtime's `auth.py` (and `SCHEMES`), its class
here (and `KINDS`), its name in the spec schema's auth `type` enum (and its keys there).

This module reads the IR through attributes only, so `ir` can import it (for `AuthType`) without a cycle.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NewType

from atsgen_runtime import auth as runtime
from generator.kinds import UnknownMember

if TYPE_CHECKING:
    from generator import ir

AuthType = NewType("AuthType", str)
"""The name of a scheme type the registry describes (the spec's `type:` of an auth scheme)."""

TokenUrl = Callable[[str], str]
"""Makes a scheme's token URL absolute (a relative one is joined to the default environment's URL)."""

STANDARD_HEADER = "Authorization"


def _prefixed(prefix: str | None, value: str) -> str:
    # The runtime's rule: a scheme without a prefix sends the credential alone.
    return f"{prefix} {value}" if prefix else value


def _api_key_scheme(scheme: ir.AuthScheme) -> dict[str, Any]:
    """OpenAPI's form for any credential in a header of the scheme's choosing, or (an API key) in the
    query or a cookie."""
    name = scheme.header if scheme.location == "header" else scheme.name
    out: dict[str, Any] = {"type": "apiKey", "in": scheme.location, "name": name}
    if scheme.prefix:
        out["x-atsgen-prefix"] = scheme.prefix
    return out


def _standard_header(scheme: ir.AuthScheme) -> bool:
    return scheme.header.lower() == STANDARD_HEADER.lower()


class Kind(ABC):
    """One scheme type. Subclasses set the class attributes and write its OpenAPI form."""

    runtime: ClassVar[type[runtime.Auth]]
    words: ClassVar[str]
    """The type in the docs' words: "bearer token"."""
    credential_words: ClassVar[tuple[tuple[str, str], ...]]
    """(credential, what it is) for each of the runtime's credentials, for the client's constructor docs."""
    keys: ClassVar[frozenset[str]] = frozenset()
    """The spec keys that apply to this type (the other type-specific keys are refused)."""
    required: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(key, what it is) for each key the type needs (the lint error's words)."""
    default_prefix: ClassVar[str | None] = None
    """The word before the credential when the spec gives no `prefix`; None: the type sends none."""
    names_header: ClassVar[bool] = False
    """The header is the vendor's own choice, so the docs' one-line summary names it."""

    @property
    def name(self) -> AuthType:
        return AuthType(self.runtime.type)

    @property
    def credentials(self) -> tuple[str, ...]:
        """The credentials the client takes, by name, in the runtime's order."""
        return tuple(credential.name for credential in self.runtime.credentials)

    def credential_docs(self) -> tuple[tuple[str, str], ...]:
        """(credential, what it is) for each credential, in the runtime's order."""
        words = dict(self.credential_words)
        return tuple((name, words[name]) for name in self.credentials)

    def token_fields(self, declared: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
        """(role, wire name) of the token request's fields, for a type that fetches tokens."""
        return ()

    def needs(self, s: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        """(key, what it is) for each key the spec's scheme `s` needs: by default, `required`."""
        return self.required

    def misplaced(self, s: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        """(key, why it does not apply) for each key of the type `s` has that its other keys rule out."""
        return ()

    def sent(self, scheme: ir.AuthScheme) -> str:
        """The header as the docs show it: `Authorization: Bearer <token>`."""
        return f"{scheme.header}: {_prefixed(scheme.prefix, '<token>')}"

    def sent_in(self, scheme: ir.AuthScheme) -> str:
        """What `sent` shows, in the docs' words: "Header"."""
        return "Header"

    def carrier(self, scheme: ir.AuthScheme) -> str:
        """What carries the credential, as the docs' summary and the diff name it: the header."""
        return scheme.header

    @abstractmethod
    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        """The OpenAPI security scheme object (without the description and `x-atsgen-*` extras every
        scheme gets: type, environment variables, provenance)."""


class Bearer(Kind):
    runtime = runtime.Bearer
    words = "bearer token"
    credential_words = (("token", "API token, sent as a bearer token"),)
    keys = frozenset({"header", "prefix"})
    default_prefix = "Bearer"

    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        # OpenAPI's http bearer means `Authorization: Bearer`; another header or word is an apiKey header.
        if _standard_header(scheme) and (scheme.prefix or "").lower() == "bearer":
            return {"type": "http", "scheme": "bearer"}
        return _api_key_scheme(scheme)


class ApiKey(Kind):
    runtime = runtime.ApiKey
    words = "API key"
    credential_words = (("api_key", "API key"),)
    keys = frozenset({"header", "in", "name"})
    required = (("header", "the header that carries the key"),)
    names_header = True
    NAMED = (("name", "the query parameter or cookie that carries the key"),)
    SENT_IN: ClassVar[Mapping[str, str]] = {
        "header": "Header",
        "query": "Query parameter",
        "cookie": "Cookie",
    }

    def needs(self, s: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        # A key in a header needs the header; in the query or a cookie, the name it goes under.
        return self.required if s.get("in", "header") == "header" else self.NAMED

    def misplaced(self, s: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        where = s.get("in", "header")
        if where == "header":
            return (
                (
                    (
                        "name",
                        "names a query parameter or cookie: it needs `in: query` or `in: cookie`",
                    ),
                )
                if "name" in s
                else ()
            )
        return (
            (("header", f"does not apply to a key sent in the {where}"),) if "header" in s else ()
        )

    def sent(self, scheme: ir.AuthScheme) -> str:
        if scheme.location == "query":
            return f"?{scheme.name}=<key>"
        if scheme.location == "cookie":
            return f"Cookie: {scheme.name}=<key>"
        return f"{scheme.header}: {_prefixed(scheme.prefix, '<key>')}"

    def sent_in(self, scheme: ir.AuthScheme) -> str:
        return self.SENT_IN[scheme.location]

    def carrier(self, scheme: ir.AuthScheme) -> str:
        if scheme.location == "header":
            return scheme.header
        return f"{scheme.location} {scheme.name}"

    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        return _api_key_scheme(scheme)


class OAuth2ClientCredentials(Kind):
    runtime = runtime.OAuth2ClientCredentials
    words = "OAuth 2.0 client credentials"
    credential_words = (
        ("client_id", "OAuth2 client id"),
        ("client_secret", "OAuth2 client secret"),
    )
    keys = frozenset({"token_url", "token_content_type", "token_fields", "default_expires_in"})
    required = (("token_url", "where tokens are fetched"),)
    default_prefix = "Bearer"

    def token_fields(self, declared: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple(
            (role, declared.get(role, role)) for role in runtime.OAuth2ClientCredentials.ROLES
        )

    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        # No scopes: the specs document none. What OpenAPI has no keyword for goes in x-atsgen-*.
        flow = {"tokenUrl": token_url(scheme.token_url or ""), "scopes": {}}
        out: dict[str, Any] = {"type": "oauth2", "flows": {"clientCredentials": flow}}
        token: dict[str, Any] = {
            "content-type": scheme.token_content_type,
            "fields": dict(scheme.token_fields),
        }
        if scheme.default_expires_in is not None:
            token["default-expires-in"] = scheme.default_expires_in
        out["x-atsgen-token-request"] = token
        if not _standard_header(scheme) or (scheme.prefix or "").lower() != "bearer":
            out["x-atsgen-header"] = scheme.header
            out["x-atsgen-prefix"] = scheme.prefix
        return out


class Basic(Kind):
    runtime = runtime.Basic
    words = "HTTP Basic"
    credential_words = (
        ("username", "HTTP basic user name"),
        ("password", "HTTP basic password"),
    )

    def sent(self, scheme: ir.AuthScheme) -> str:
        return f"{scheme.header}: Basic <base64 of username:password>"

    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        # OpenAPI's http basic means the Authorization header; another header is an apiKey header.
        if _standard_header(scheme):
            return {"type": "http", "scheme": "basic"}
        return _api_key_scheme(scheme)


class BasicToken(Kind):
    runtime = runtime.BasicToken
    words = "HTTP Basic with an API token as the user name"
    credential_words = (
        ("token", "API token, sent as the HTTP basic user name with an empty password"),
    )

    def sent(self, scheme: ir.AuthScheme) -> str:
        return f"{scheme.header}: Basic <base64 of token:>"

    def openapi(self, scheme: ir.AuthScheme, token_url: TokenUrl) -> dict[str, Any]:
        return Basic().openapi(scheme, token_url)


KINDS: Mapping[AuthType, Kind] = {
    kind.name: kind
    for kind in (Bearer(), ApiKey(), OAuth2ClientCredentials(), Basic(), BasicToken())
}
"""Every scheme type, in the runtime's order (`atsgen_runtime.auth.SCHEMES`); a test holds the two equal."""


def of(name: str) -> Kind:
    """The description of a scheme type; one the registry lacks is an error naming it, never a default."""
    described = KINDS.get(AuthType(name))
    if described is None:
        raise UnknownMember("auth scheme type", name)
    return described


def named(name: str) -> AuthType:
    """The IR's type for a spec's `type:` value."""
    return of(name).name


def spec_keys() -> frozenset[str]:
    """Every type-specific spec key: a key outside a type's own `keys` does not apply to it."""
    return frozenset[str]().union(*(kind.keys for kind in KINDS.values()))
