# Copied by atsgen from templates/runtime/__init__.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The SDK runtime: code shared by every vendor module; not a public interface of its own.

Written and tested in atsgen's templates/runtime/ (importable there as `atsgen_runtime`) and copied into
each generated SDK as `ats_sdk._runtime`. Modules import their siblings relatively, so the same source runs
under both names; only `mock_server.load_vendor` reaches the generated vendor modules by name.
"""
