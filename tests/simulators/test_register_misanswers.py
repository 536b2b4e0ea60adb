"""The simulators' wrong-but-plausible answers: another person's record, a crossed answer, a huge body."""

from __future__ import annotations

import pytest

from portal.simulators.registers import Fault, create_simulator, parse_faults
from tests.simulators.conftest import EXAMPLE_DAY, PES, Registers

JAAN = "38001085718"


def test_the_misanswer_options_parse():
    assert parse_faults("population:other_person;education:crossed,error_rate=0.5;business:huge=80") == {
        "population": Fault(other_person=True),
        "education": Fault(crossed=True, error_rate=0.5),
        "business": Fault(huge_mb=80),
    }
    for text, complaint in [
        ("population:other_person=1", "takes no value"),
        ("population:huge=0", "huge must be"),
        ("population:huge=201", "huge must be"),
        ("population:huge=80,garbage", "choose one of"),
        ("population:other_person,crossed", "choose one of"),
    ]:
        with pytest.raises(ValueError) as raised:
            parse_faults(text)
        assert complaint in str(raised.value)


def test_other_person_answers_with_the_next_known_persons_record():
    registers = Registers(create_simulator("EE", faults="population:other_person", today=EXAMPLE_DAY))
    answer = registers.get("population", f"/v1/persons/{JAAN}")
    assert answer.status_code == 200 and answer.json["personalCode"] != JAAN
    assert answer.json["personalCode"] > JAAN


def test_crossed_answers_also_carry_another_messages_id():
    registers = Registers(create_simulator("EE", faults="education:crossed", today=EXAMPLE_DAY))
    sent = "3f0b6c1e-8d2a-4c47-9a55-2e7d41b09c3f"
    answer = registers.get(
        "education", f"/v1/persons/{JAAN}/qualifications", headers={**PES, "X-Road-Id": sent}
    )
    assert answer.status_code == 200 and answer.headers["X-Road-Id"] != sent


def test_a_huge_answer_is_streamed_to_the_size_asked_for():
    app = create_simulator("EE", faults="population:huge=3", today=EXAMPLE_DAY)
    answer = Registers(app).get("population", f"/v1/persons/{JAAN}", validate=False)
    assert answer.status_code == 200 and len(answer.data) == 3 * 1024 * 1024 + len(b'{"filler":""}')
    assert app.extensions["register_simulator"].streamed_bytes == len(answer.data)
