# pyright: strict
"""A user program over two vendors, written as an SDK user would: public imports only, the escape hatches,
typed errors, sync and async. `tests/test_user_program.py` type-checks it (mypy --strict, pyright strict)
and runs it against the SDK's mocks.
"""

from __future__ import annotations

import asyncio

from ats_sdk import NOT_GIVEN, RetryPolicy, hirempire, talynce
from ats_sdk.errors import APIError, ValidationFailed
from ats_sdk.mock import MockServer


def sync_calls(
    talynce_url: str, talynce_token: str, hirempire_url: str, hirempire_token: str
) -> list[str]:
    done: list[str] = []
    with talynce.TalynceClient(
        base_url=talynce_url, token=talynce_token, retry_policy=RetryPolicy(), max_retries=1
    ) as client:
        created = client.create_candidate(
            full_name="Ada Lovelace",
            email="ada@example.com",
            extra_body={"source": "import"},  # a field the call does not list, sent as given
        )
        done.append(f"created {created.raw_response.status_code if created.raw_response else '?'}")
        names = [candidate.full_name for candidate in client.iter_list_candidates(limit=2)]
        done.append(f"listed {len(names)}")
        raw = client.with_options(timeout=30).with_raw_response.list_candidates(
            limit=1, extra_query={"search": "Ada"}
        )
        done.append(f"raw {raw.http_response.status_code} {type(raw.parse()).__name__}")
        try:
            client.list_candidates(limit=1000)  # the spec allows 1 to 100: nothing is sent
        except ValidationFailed as failed:
            done.append(f"refused {len(failed.violations)} violations")
    with hirempire.HirempireClient(base_url=hirempire_url, token=hirempire_token) as other:
        updated = other.update_candidate(
            candidate_id="8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b",
            pool_stage=None,
            tags=NOT_GIVEN,
            extra_headers={"X-Request-Id": "user-program"},
        )
        done.append(f"updated {updated.status}")
        try:
            other.update_candidate(candidate_id="not-a-uuid", validate=False)
        except APIError as error:
            done.append(f"vendor said {error.status}")
    return done


async def async_calls(talynce_url: str, token: str) -> str:
    async with talynce.AsyncTalynceClient(base_url=talynce_url, token=token) as client:
        page = await client.list_candidates(limit=1, validate=False)
        first = page.data[0] if page.data else None
        parsed = first is not None and first.datetime_value("created_at") is not None
        return f"async {type(page).__name__} {parsed}"


def main() -> None:
    with MockServer("talynce") as t, MockServer("hirempire") as h:
        t_token = t.credentials["bearer"]["token"]
        h_token = h.credentials["bearer"]["token"]
        for line in sync_calls(t.url, t_token, h.url, h_token):
            print(line)
        print(asyncio.run(async_calls(t.url, t_token)))


if __name__ == "__main__":
    main()
