"""Response models keep a date, date-time or UUID as the vendor's text, and parse it on demand.

`date_value`, `datetime_value` and `uuid_value` give the parsed value, or None for text that is not in the
format: a malformed value never fails the response. The fields come from the loaded specs (every top-level
field of a success body in a format with a Python class); the examples from the format registry.
"""

from __future__ import annotations

import datetime
import importlib
import uuid
from typing import Any

import pytest

from ats_sdk._runtime.models import ResponseModel
from generator import ir
from generator.kinds import formats

ACCESSORS = {"date": "date_value", "date-time": "datetime_value", "uuid": "uuid_value"}
PARSED = {"date": datetime.date, "date-time": datetime.datetime, "uuid": uuid.UUID}
MALFORMED = (
    "",
    "not a value",
    "2024-02-30",
    "2024-01-15T25:00:00Z",
    "8fc4ea3c",
    "2024-01-15 14:30",
)


def _fields(vendors: dict[str, ir.Vendor]) -> list[tuple[type[ResponseModel], str, str]]:
    """(model class, attribute, format name) for each top-level success-body field in such a format."""
    found = []
    for vendor in vendors.values():
        spec = importlib.import_module(f"ats_sdk.{vendor.id}._spec").VENDOR
        module = importlib.import_module(f"ats_sdk.{vendor.id}.models")
        for op in vendor.operations:
            success = spec.operations[op.id].success
            body = next((r.body for r in op.success_responses if r.body is not None), None)
            if success is None or success.model is None or body is None:
                continue
            model = getattr(module, success.model)
            for prop in body.properties_in_code:
                name = prop.schema.format
                if name in ACCESSORS:
                    [attribute] = [
                        a for a, f in model.model_fields.items() if (f.alias or a) == prop.wire_name
                    ]
                    found.append((model, attribute, name))
    return found


def test_the_registry_and_the_accessors_cover_the_same_formats() -> None:
    with_objects = {f.name for f in formats.FORMATS.values() if f.python_module is not None}
    assert with_objects == set(ACCESSORS)


@pytest.mark.parametrize("name", sorted(ACCESSORS))
def test_each_accessor_parses_the_formats_example_and_refuses_the_malformed(name: str) -> None:
    example = formats.get(name).example
    model = ResponseModel.model_validate({"value": example})
    parsed = getattr(model, ACCESSORS[name])("value")
    assert isinstance(parsed, PARSED[name])
    assert model.model_extra == {"value": example}  # the text is still there
    for text in MALFORMED:
        assert (
            getattr(ResponseModel.model_validate({"value": text}), ACCESSORS[name])("value") is None
        )
    for absent in ({}, {"value": None}, {"value": 5}):
        assert getattr(ResponseModel.model_validate(absent), ACCESSORS[name])("value") is None


def test_a_date_time_without_an_offset_or_with_a_leap_second_is_none_not_an_error() -> None:
    for text in ("2024-01-15T14:30:00", "2016-12-31T23:59:60Z"):
        assert ResponseModel.model_validate({"at": text}).datetime_value("at") is None
    aware = ResponseModel.model_validate({"at": "2024-01-15T14:30:00Z"}).datetime_value("at")
    assert aware is not None and aware.utcoffset() == datetime.timedelta(0)


def test_fields_of_the_specs_responses_parse_on_demand(vendors: dict[str, ir.Vendor]) -> None:
    fields = _fields(vendors)
    assert fields
    for model, attribute, name in fields:
        example: Any = formats.get(name).example
        good = model.model_construct(**{attribute: example})
        assert isinstance(getattr(good, ACCESSORS[name])(attribute), PARSED[name])
        malformed: Any = "malformed"
        bad = model.model_construct(**{attribute: malformed})
        assert getattr(bad, attribute) == "malformed"
        assert getattr(bad, ACCESSORS[name])(attribute) is None
