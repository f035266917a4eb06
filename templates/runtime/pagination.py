"""Pagination styles: how a vendor pages a listing, one class per style, for the client and the mock.

This is the runtime side of the pagination registry (`STYLES`); the generator's side
(`generator/kinds/pagination.py`) wraps each class with what the generator's stages need. A style says
which query parameters it reads (`params`), which body pointers (`pointers`), how a client walks the
pages (an instance is one walk through one listing: `next_request`, then `take` each page, until `done`)
and how the mock serves a page (`mock_page`). Its spec keys are the `key`s of its roles; the generated
`PaginationSpec` maps each role's key to the wire name (a parameter) or JSON pointer (a pointer).

- offset: `limit` and `offset` query parameters; the next offset is this one plus the items received.
- page: a page number (counted from `first_page`) and a page size; the next page is this one plus one.
- cursor: the next cursor is read from the body and sent back in a query parameter.
- link_header: the next page is the `rel="next"` URL of the RFC 8288 `Link` response header.

A listing ends on an empty page, a page shorter than the size asked for, when a declared total (of items
or pages) is reached, when a cursor is null, absent, empty or repeated, or when there is no next link. A
next link on another origin raises RedirectError before anything is sent there: credentials go only to
the origin the client was configured with.

Standard library only (httpx is the caller's); no import of `http`, which imports this module.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode, urljoin, urlsplit

from .errors import RedirectError, ValidationFailed
from .spec import OperationSpec, PaginationSpec
from .validation import Violation, escape_pointer_token, pointer_get

__all__ = [
    "STYLES",
    "MockPage",
    "PageRequest",
    "Role",
    "Style",
    "UnknownStyle",
    "pager",
    "style_class",
]


class UnknownStyle(LookupError):
    """A pagination style this runtime does not have (a spec module newer than its runtime)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown pagination style: {name!r}")
        self.name = name


@dataclass(frozen=True)
class Role:
    """One thing a style reads: a query parameter or a pointer into the success body."""

    key: str
    """The spec key that names it (and its key in `PaginationSpec.params` or `.pointers`)."""
    words: str
    """What it is, in the docs' words: "page size"."""
    default: str | None = None
    """A parameter's wire name when the spec does not name one; None: the role is used only when named."""
    integer: bool = False
    """The parameter must be declared an integer: the pager counts with it."""
    required: bool = False
    """A pointer the spec must give (a style without it cannot page)."""


@dataclass(frozen=True)
class PageRequest:
    """The next page to fetch: the call's arguments, or (`url`) a URL the vendor gave, to fetch as is."""

    arguments: Mapping[str, Any]
    url: str | None = None


@dataclass
class MockPage:
    """One page of a listing as the mock serves it: items [start:stop], values for the body's pointers
    (by role key), the paging parameters' values as used (by wire name) and response headers."""

    start: int
    stop: int
    pointers: dict[str, Any] = field(default_factory=dict)
    echoed: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _query_int(query: Mapping[str, Any], name: str | None, default: int) -> int:
    """A paging parameter the mock received, as an int (its validators took the text as the spec says)."""
    value = query.get(name) if name is not None else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _query_text(value: Any) -> str:
    # JSON's spelling, as the validators read a query value back (`true`, not Python's `True`).
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default)


class Style(ABC):
    """One pagination style; an instance walks one listing for a client."""

    name: ClassVar[str]
    params: ClassVar[tuple[Role, ...]] = ()
    pointers: ClassVar[tuple[Role, ...]] = ()
    numbered: ClassVar[bool] = False
    """The style counts pages from the spec's `first_page` (default 1)."""

    def __init__(
        self, spec: PaginationSpec, arguments: Mapping[str, Any], label: str, base_url: str
    ) -> None:
        """`arguments` have passed the operation's validators and hold only what was given."""
        self.spec = spec
        self.arguments = dict(arguments)
        self.label = label
        self.base_url = base_url
        self.done = False

    def param(self, key: str) -> str | None:
        return self.spec.params.get(key)

    def whole_number(self, key: str) -> int | None:
        """A validated paging argument as an int (an integral float would be sent as "2.0").

        The validators of an integer parameter also accept an integral float (2.0 is the integer 2 in
        JSON); lint makes counted parameters integers, so another type is an argument sent unvalidated.
        """
        name = self.param(key)
        if name is None or name not in self.arguments:
            return None
        value = self.arguments[name]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if _is_int(value):
            return int(value)
        message = f"{name} must be an integer to page through the results"
        raise ValidationFailed(
            self.label, [Violation("/" + escape_pointer_token(name), "type", message)]
        )

    def with_params(self, values: Mapping[str, Any]) -> PageRequest:
        """The arguments with the paging parameters (by role key) set; a None value is left as given."""
        paging: dict[str, Any] = {}
        for key, value in values.items():
            name = self.param(key)
            if name is not None and value is not None:
                paging[name] = value
        return PageRequest({**self.arguments, **paging})

    def items(self, body: Any) -> list[Any]:
        found = pointer_get(body, self.spec.items)
        return found if isinstance(found, list) else []

    def pointer(self, body: Any, key: str) -> Any:
        return pointer_get(body, self.spec.pointers.get(key))

    @abstractmethod
    def next_request(self) -> PageRequest:
        """The next page's request."""

    @abstractmethod
    def take(self, body: Any, headers: Mapping[str, str], url: str, response: Any) -> list[Any]:
        """The raw items of a fetched page (its decoded body, response headers and URL); updates where
        the listing is and `done`. `response` is the httpx response, for an error to carry."""

    @classmethod
    @abstractmethod
    def mock_page(
        cls, spec: PaginationSpec, query: Mapping[str, Any], count: int, limit: int, path: str
    ) -> MockPage:
        """The page of a listing of `count` items the mock serves for `query` (validated, JSON values),
        `limit` items when the request names no size; `path` is the request's path, for links."""


class Offset(Style):
    name = "offset"
    params = (
        Role("limit", "page size", default="limit", integer=True),
        Role("offset", "offset", default="offset", integer=True),
    )
    pointers = (Role("total", "total"),)

    def __init__(
        self, spec: PaginationSpec, arguments: Mapping[str, Any], label: str, base_url: str
    ) -> None:
        super().__init__(spec, arguments, label, base_url)
        self._offset = self.whole_number("offset") or 0
        self._limit = self.whole_number("limit")

    def next_request(self) -> PageRequest:
        return self.with_params({"offset": self._offset, "limit": self._limit})

    def take(self, body: Any, headers: Mapping[str, str], url: str, response: Any) -> list[Any]:
        items = self.items(body)
        total = self.pointer(body, "total")
        self._offset += len(items)
        short = self._limit is not None and len(items) < self._limit
        reached = _is_int(total) and self._offset >= total
        self.done = not items or short or reached
        return items

    @classmethod
    def mock_page(
        cls, spec: PaginationSpec, query: Mapping[str, Any], count: int, limit: int, path: str
    ) -> MockPage:
        size = _query_int(query, spec.params.get("limit"), limit)
        start = max(_query_int(query, spec.params.get("offset"), 0), 0)
        echoed = {spec.params["limit"]: size, spec.params["offset"]: start}
        return MockPage(start, start + size, {"total": count}, echoed)


class Page(Style):
    name = "page"
    numbered = True
    params = (
        Role("page", "page number", default="page", integer=True),
        Role("size", "page size", default="per_page", integer=True),
    )
    pointers = (Role("total", "total"), Role("total_pages", "total pages"))

    def __init__(
        self, spec: PaginationSpec, arguments: Mapping[str, Any], label: str, base_url: str
    ) -> None:
        super().__init__(spec, arguments, label, base_url)
        given = self.whole_number("page")
        self._page = spec.first_page if given is None else given
        self._size = self.whole_number("size")

    def next_request(self) -> PageRequest:
        return self.with_params({"page": self._page, "size": self._size})

    def take(self, body: Any, headers: Mapping[str, str], url: str, response: Any) -> list[Any]:
        items = self.items(body)
        self._page += 1
        pages = self._page - self.spec.first_page  # pages from the first one to here
        total, total_pages = self.pointer(body, "total"), self.pointer(body, "total_pages")
        size = self._size if self._size is not None else len(items)
        short = self._size is not None and len(items) < self._size
        reached = (_is_int(total_pages) and pages >= total_pages) or (
            _is_int(total) and pages * size >= total
        )
        self.done = not items or short or reached
        return items

    @classmethod
    def mock_page(
        cls, spec: PaginationSpec, query: Mapping[str, Any], count: int, limit: int, path: str
    ) -> MockPage:
        size = max(_query_int(query, spec.params.get("size"), limit), 1)
        number = _query_int(query, spec.params.get("page"), spec.first_page)
        start = max(number - spec.first_page, 0) * size
        pointers = {"total": count, "total_pages": math.ceil(count / size)}
        echoed = {spec.params["page"]: number, spec.params["size"]: size}
        return MockPage(start, start + size, pointers, echoed)


class Cursor(Style):
    name = "cursor"
    params = (
        Role("cursor", "cursor", default="cursor"),
        Role("limit", "page size", integer=True),
    )
    pointers = (Role("next_cursor", "next cursor", required=True),)
    MOCK_PREFIX: ClassVar[str] = "after-"

    def __init__(
        self, spec: PaginationSpec, arguments: Mapping[str, Any], label: str, base_url: str
    ) -> None:
        super().__init__(spec, arguments, label, base_url)
        self._limit = self.whole_number("limit")
        self._cursor: Any = None
        self._seen: list[Any] = []

    def next_request(self) -> PageRequest:
        return self.with_params({"cursor": self._cursor, "limit": self._limit})

    def take(self, body: Any, headers: Mapping[str, str], url: str, response: Any) -> list[Any]:
        items = self.items(body)
        cursor = self.pointer(body, "next_cursor")
        usable = (isinstance(cursor, str) and cursor != "") or _is_int(cursor)
        # A cursor seen before would page around in a circle: the listing has nothing new to give.
        self.done = not usable or cursor in self._seen
        self._seen.append(cursor)
        self._cursor = cursor
        return items

    @classmethod
    def mock_page(
        cls, spec: PaginationSpec, query: Mapping[str, Any], count: int, limit: int, path: str
    ) -> MockPage:
        size = max(_query_int(query, spec.params.get("limit"), limit), 1)
        cursor = query.get(spec.params["cursor"])
        text = str(cursor) if cursor is not None else ""
        start = int(text[len(cls.MOCK_PREFIX) :]) if re.fullmatch(r"after-\d{1,9}", text) else 0
        stop = start + size
        following = f"{cls.MOCK_PREFIX}{stop}" if stop < count else None
        return MockPage(start, stop, {"next_cursor": following})


_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_NEXT = re.compile(r"""(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))""", re.IGNORECASE)


def next_link(header: str | None) -> str | None:
    """The target of the first `rel="next"` link of an RFC 8288 Link header; None when there is none."""
    for match in _LINK.finditer(header or ""):
        for rel in _NEXT.finditer(match.group(2)):
            if "next" in (rel.group(1) or rel.group(2) or "").lower().split():
                return match.group(1).strip()
    return None


class LinkHeader(Style):
    name = "link_header"
    # The parameters the vendor's next links set: the client follows the links as they are; the mock
    # writes them, and the docs name them.
    params = (
        Role("page", "page number", default="page"),
        Role("size", "page size", integer=True),
    )

    def __init__(
        self, spec: PaginationSpec, arguments: Mapping[str, Any], label: str, base_url: str
    ) -> None:
        super().__init__(spec, arguments, label, base_url)
        self._next: str | None = None

    def next_request(self) -> PageRequest:
        # The first page is the plain call; the next ones are the vendor's links, fetched as they are.
        return PageRequest(self.arguments, self._next)

    def take(self, body: Any, headers: Mapping[str, str], url: str, response: Any) -> list[Any]:
        link = next_link(headers.get("link"))
        target = urljoin(url, link) if link is not None else None
        if target is not None and _origin(target) != _origin(self.base_url):
            error = RedirectError(
                vendor=self.label.split(".", 1)[0],
                operation=self.label.split(".", 1)[-1],
                status=getattr(response, "status_code", 200),
                code=None,
                message=(
                    f"the next page's link is on another origin ({urlsplit(target).netloc}), not "
                    f"followed: the client sends credentials only to {urlsplit(self.base_url).netloc}"
                ),
                body=None,
                response=response,
            )
            error.location = target
            raise error
        self.done = target is None or target in (url, self._next)
        self._next = target
        return self.items(body)

    @classmethod
    def mock_page(
        cls, spec: PaginationSpec, query: Mapping[str, Any], count: int, limit: int, path: str
    ) -> MockPage:
        page_name, size_name = spec.params["page"], spec.params.get("size")
        size = max(_query_int(query, size_name, limit), 1)
        number = max(_query_int(query, page_name, 1), 1)
        start = (number - 1) * size
        headers = {}
        if start + size < count:
            following = {**query, page_name: number + 1}
            if size_name is not None:
                following[size_name] = size
            pairs = [(k, _query_text(v)) for k, v in following.items() if not isinstance(v, list)]
            pairs += [
                (k, _query_text(item))
                for k, v in following.items()
                if isinstance(v, list)
                for item in v
            ]
            headers["Link"] = f'<{path}?{urlencode(pairs)}>; rel="next"'
        return MockPage(start, start + size, {}, {}, headers)


STYLES: dict[str, type[Style]] = {style.name: style for style in (Offset, Page, Cursor, LinkHeader)}
"""Every pagination style, by the name a spec gives it."""


def style_class(name: str) -> type[Style]:
    style = STYLES.get(name)
    if style is None:
        raise UnknownStyle(name)
    return style


def pager(op: OperationSpec, arguments: Mapping[str, Any], label: str, base_url: str) -> Style:
    """A walk through the listing of a paginated operation, from the (validated, given) arguments."""
    assert op.pagination is not None, f"{op.id} is not paginated"
    return style_class(op.pagination.style)(op.pagination, arguments, label, base_url)
