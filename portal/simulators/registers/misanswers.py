"""Answers that look right and are not: another person's record, a crossed answer, a huge body.

Used by fault injection (`other_person`, `crossed`, `huge`) to test that the portal never shows or
decides on data about someone other than the person it asked about, and never reads an unbounded
answer into memory.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterator
from typing import Any

from flask import Response, request

from portal.simulators.registers.model import Population
from portal.simulators.registers.xroad import Call, Service, SimulatorError, SimulatorState, json_response

RECEIPT_IDS = ("checkId", "refusalId", "notificationId")
CHUNK = 64 * 1024
MEGABYTE = 1024 * 1024


def answer_about_another(
    service: Service, path: str, pop: Population, state: SimulatorState, x_road_id: str
) -> Response | None:
    """The operation's answer for the next known person (or company) after the one asked for; for a
    POST, its receipt with other ids. None when no operation matches (the caller answers as usual)."""
    rest = "/" + "/".join(path.split("/")[6:])
    for operation in service.operations:
        match = operation.pattern.fullmatch(rest)
        if match is None or operation.method != request.method:
            continue
        params = match.groupdict()
        if request.method != "GET":
            status, payload = operation.handler(Call(pop, state, params, request, x_road_id))
            return json_response(status, _other_ids(payload, pop))
        key = "registryCode" if "registryCode" in params else "personalCode"
        for code in _neighbours(sorted(pop.companies if key == "registryCode" else pop.persons), params[key]):
            try:
                status, payload = operation.handler(
                    Call(pop, state, {**params, key: code}, request, x_road_id)
                )
            except SimulatorError:
                continue  # not known to this register: try the next one
            return json_response(status, payload)
    return None


def _neighbours(codes: list[str], asked: str) -> Iterator[str]:
    start = bisect.bisect_right(codes, asked)
    for code in codes[start:] + codes[:start]:
        if code != asked:
            yield code


def _other_ids(payload: Any, pop: Population) -> Any:
    if not isinstance(payload, dict):
        return payload
    answer = dict(payload)
    for key in RECEIPT_IDS:
        if key in answer:
            answer[key] = str(uuid.uuid4())
    if isinstance(answer.get("results"), list):
        asked = {item.get("personalCode") for item in answer["results"] if isinstance(item, dict)}
        others = (code for code in sorted(pop.persons) if code not in asked)
        answer["results"] = [{**item, "personalCode": next(others)} for item in answer["results"]]
    return answer


def huge_answer(megabytes: int, state: SimulatorState) -> Response:
    """A 200 whose JSON body is `megabytes` long, produced chunk by chunk; `state.streamed_bytes`
    counts what the client actually pulled."""

    def body() -> Iterator[bytes]:
        head = b'{"filler":"'
        state.streamed_bytes += len(head)
        yield head
        left = megabytes * MEGABYTE
        while left > 0:
            chunk = b"a" * min(CHUNK, left)
            left -= len(chunk)
            state.streamed_bytes += len(chunk)
            yield chunk
        state.streamed_bytes += 2
        yield b'"}'

    return Response(body(), status=200, content_type="application/json")
