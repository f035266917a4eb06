"""The base of every generated response model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .spec import ResponseHeaders
from .validation import FormatValues

if TYPE_CHECKING:
    import httpx


class ResponseModel(BaseModel, FormatValues):
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

    @property
    def raw_response(self) -> httpx.Response | None:
        response: httpx.Response | None = self._raw_response
        return response

    @property
    def response_headers(self) -> ResponseHeaders:
        """The headers the spec documents for the response's status, parsed to their declared types (a
        missing or malformed one is None; `raw_response.headers` has the text). Empty for nested models,
        models built by hand and statuses that document none."""
        return self._response_headers
