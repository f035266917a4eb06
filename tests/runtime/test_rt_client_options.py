"""The client options are written once, in the runtime, and every generated client takes them from there.

`atsgen_runtime.http._Core.__init__` defines them (names, annotations, defaults); `generator.naming` reads
them; `vendor/client.py.jinja` lays them out for every vendor's sync and async client. The sync and async
runtime clients share that one __init__.
"""

from __future__ import annotations

import importlib
import inspect

import ats_sdk
import atsgen_runtime.http as runtime_http
from generator import ir, naming
from generator.emit import clients


def _runtime_options() -> dict[str, object]:
    parameters = inspect.signature(runtime_http._Core.__init__).parameters.values()
    return {
        p.name: p.default
        for p in parameters
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty
    }


def test_the_generator_reads_the_options_the_runtime_defines() -> None:
    options = naming.client_options()
    assert [option.name for option in options] == list(_runtime_options())
    for option in options:
        assert eval(option.default, vars(runtime_http)) is _runtime_options()[option.name]


def test_sync_and_async_clients_share_one_constructor() -> None:
    for client in (runtime_http.SyncClient, runtime_http.AsyncClient):
        assert "__init__" not in vars(client), client
        assert client.__init__ is runtime_http._Core.__init__


def test_every_generated_client_takes_every_option_with_the_runtime_default() -> None:
    expected = _runtime_options()
    checked = 0
    for vendor_id in ats_sdk.VENDORS:
        module = importlib.import_module(f"ats_sdk.{vendor_id}.client")
        for name in module.__all__:
            cls = getattr(module, name)
            if not isinstance(cls, type):
                continue
            parameters = inspect.signature(cls.__init__).parameters
            options = {n: p.default for n, p in parameters.items() if n in expected}
            assert list(options) == list(expected), cls
            # The SDK's copy of the runtime has its own NOT_GIVEN: compare the defaults as code.
            assert {n: repr(v) for n, v in options.items()} == {
                n: repr(v) for n, v in expected.items()
            }, cls
            checked += 1
    assert checked == 2 * len(ats_sdk.VENDORS)


def test_every_option_is_documented_in_every_client_docstring(
    vendors: dict[str, ir.Vendor],
) -> None:
    for vendor in vendors.values():
        module = clients.build(vendor)
        for doc in (module.class_doc, module.async_class_doc):
            args = doc.partition("Args:")[2]
            for option in naming.client_options():
                assert f"\n        {option.name}: " in args, (vendor.id, option.name)
