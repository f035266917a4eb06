# Copied by atsgen from templates/runtime/models.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The base of every generated response model."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from .validation import is_date, is_date_time, is_uuid

if TYPE_CHECKING:
    import httpx


class ResponseModel(BaseModel):
    """A parsed response body: lenient, and with the HTTP response it came from.

    Extra fields are kept (vendors add fields; `model_extra` has them) and nothing is rejected for a value
    the spec does not list. `raw_response` is the httpx response of the call that returned this model
    (None for nested models and for models built by hand).
    """

    # Annotated, as pydantic's own is: an unannotated override reads as ambiguous to type checkers. The
    # generated models inherit it rather than repeat it.
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow")
    _raw_response: Any = PrivateAttr(default=None)

    @property
    def raw_response(self) -> httpx.Response | None:
        response: httpx.Response | None = self._raw_response
        return response

    # Responses keep dates, date-times and UUIDs as the vendor's text (a malformed one must not fail the
    # whole response); these give the parsed value on demand, and None rather than an error.

    def date_value(self, field: str) -> datetime.date | None:
        """The field (attribute or extra field name) as a date, when its text is a date (YYYY-MM-DD);
        None when it is absent, null or not such text. The text itself stays in the field."""
        text = self._text(field)
        return datetime.date.fromisoformat(text) if text is not None and is_date(text) else None

    def datetime_value(self, field: str) -> datetime.datetime | None:
        """The field as a timezone-aware datetime, when its text is an RFC 3339 date-time; else None."""
        text = self._text(field)
        if text is None or not is_date_time(text):
            return None
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:  # a leap second (23:59:60) is RFC 3339 but not a Python datetime
            return None

    def uuid_value(self, field: str) -> uuid.UUID | None:
        """The field as a UUID, when its text is one; else None."""
        text = self._text(field)
        return uuid.UUID(text) if text is not None and is_uuid(text) else None

    def _text(self, field: str) -> str | None:
        value = getattr(self, field, None)
        if value is None and self.model_extra:
            value = self.model_extra.get(field)
        return value if isinstance(value, str) else None
