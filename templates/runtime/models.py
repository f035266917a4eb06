"""The bases of every generated response model, and the result of a success without a body.

Whatever shape a success body has, the call's result keeps the HTTP response as `raw_response`: an object
parses into a `ResponseModel`, an array or a union (`any_of`) into a `ResponseRootModel` (the value is its
`root`), and a response without a documented body (a 204) is an `EmptyResponse`. Each also has the
headers the spec documents for the status, parsed, as `response_headers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, RootModel

from .spec import ResponseHeaders
from .validation import FormatValues

if TYPE_CHECKING:
    import httpx

RootT = TypeVar("RootT")


class _FromResponse:
    """What every result has from the HTTP exchange that returned it. The private attributes behind these
    properties are declared on each pydantic base below (pydantic takes them only from its own classes).
    """

    _raw_response: Any
    _response_headers: ResponseHeaders

    @property
    def raw_response(self) -> httpx.Response | None:
        """The httpx response of the call that returned this result (None for a nested value and for one
        built by hand)."""
        response: httpx.Response | None = self._raw_response
        return response

    @property
    def response_headers(self) -> ResponseHeaders:
        """The headers the spec documents for the response's status, parsed to their declared types (a
        missing or malformed one is None; `raw_response.headers` has the text). Empty for nested models,
        models built by hand and statuses that document none."""
        return self._response_headers


class ResponseModel(_FromResponse, BaseModel, FormatValues):
    """A parsed response body: lenient, and with the HTTP response it came from.

    Extra fields are kept (vendors add fields; `model_extra` has them) and nothing is rejected for a value
    the spec does not list. `raw_response` is the httpx response of the call that returned this model
    (None for nested models and for models built by hand); `response_headers` the headers the spec documents
    for its status, parsed. Dates, date-times and UUIDs stay the vendor's
    text; `date_value`, `datetime_value` and `uuid_value` (FormatValues) parse them on demand.
    """

    # Annotated, as pydantic's own is: an unannotated override reads as ambiguous to type checkers. The
    # generated models inherit it rather than repeat it.
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow")
    _raw_response: Any = PrivateAttr(default=None)
    _response_headers: ResponseHeaders = PrivateAttr(default_factory=ResponseHeaders)


class ResponseRootModel(_FromResponse, RootModel[RootT], Generic[RootT]):
    """A parsed response body that is not an object (an array, a union): the value is `root`.

    `raw_response` and `response_headers` are as on ResponseModel (None and empty for a nested value and
    for one built by hand). The objects inside it are lenient ResponseModels.
    """

    _raw_response: Any = PrivateAttr(default=None)
    _response_headers: ResponseHeaders = PrivateAttr(default_factory=ResponseHeaders)


class EmptyResponse(ResponseModel):
    """The result of a success the spec documents without a body (a 204): only `raw_response`.

    Any body the vendor sends anyway is not read; `raw_response.content` has it.
    """
