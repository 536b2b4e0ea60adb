"""Personas for register answers the registration journey must not refuse or misread, in both
profiles: a living adult with no registered residence, and a person whose social assistance ended."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from portal.simulators.registers.model import Beneficiary, Employment, Person, month_index, month_start
from portal.simulators.registers.persona_records import cents, ended_months_ago, residence, school

if TYPE_CHECKING:
    from portal.simulators.registers.population import _Builder

D = dt.date


def install_edge(b: _Builder, p: dict[str, Person]) -> None:
    ee = b.profile == "EE"
    # --- no registered residence (moved out of the old address, no new one registered): the person
    # is asked for an address and a counsellor checks it, as when the population register is down.
    homeless = p["no-residence"]
    homeless.residence = None
    homeless.employments = [
        Employment(
            "10765896" if ee else "812345678",
            "9313",
            "Building construction labourer",
            D(2018, 4, 2),
            ended_months_ago(b, 4),
            "FULL",
            cents("1240.00" if ee else "410.00"),
        )
    ]
    homeless.qualifications = [
        school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            "Tartu Tamme Gümnaasium" if ee else 'Gjimnazi "Sami Frashëri"',
            D(2011, 6, 17),
            "KT-055120" if ee else "KT-210334",
        )
    ]

    # --- social assistance ended when she found work eight months ago; that job ended last month.
    # The register still answers, with ENDED.
    ended = p["sa-ended"]
    found_work = month_index(b.today) - 8
    municipality = "0784" if ee else "PE"
    ended.residence = residence(
        b,
        municipality,
        "Harju maakond, Tallinn, Lasnamäe linnaosa, Punane tn 16-44"
        if ee
        else "Rruga Lidhja e Pejës 9, 30000 Pejë",
        "13619" if ee else "30000",
        D(2014, 9, 1),
    )
    ended.employments = [
        Employment(
            "16000041" if ee else "815678901",
            "5120",
            "Cook",
            month_start(found_work),
            ended_months_ago(b, 1),
            "FULL",
            cents("1320.00" if ee else "380.00"),
        )
    ]
    ended.qualifications = [
        school(
            4,
            "1013",
            "Vocational qualification (hotel, restaurants and catering)",
            "Tallinna Teeninduskool" if ee else "Shkolla e Mesme Profesionale Pejë",
            D(1998, 6, 12),
            "KU-007741" if ee else "KU-120056",
        )
    ]
    ended.beneficiary = Beneficiary(
        "ENDED",
        "II",
        b.assistance_scheme(),
        month_start(found_work + 1),
        f"HH-{municipality}-0003310",
        1,
        b.assistance_office(b.municipality(municipality)),
        0,
    )
