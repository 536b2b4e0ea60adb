"""The Kosovo personas: their homes, families, schooling, jobs, benefits and companies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from portal.simulators.registers.model import (
    Beneficiary,
    Employment,
    PayCheck,
    Person,
    month_index,
)
from portal.simulators.registers.persona_records import cents, ended_months_ago, residence, school

if TYPE_CHECKING:
    from portal.simulators.registers.population import _Builder

D = dt.date


def install_xk(b: _Builder, p: dict[str, Person]) -> None:
    today_month = month_index(b.today)
    # --- Arbër Krasniqi and his family
    arber, erion, ramadan = p["unemployed"], p["minor"], p["pension-age"]
    home = residence(b, "PR", "Rruga Fehmi Agani 34, 10000 Prishtinë", "10000", D(2018, 5, 1))
    vjosa = b.add_person("1126384759", "Vjosa", "Krasniqi", D(1992, 2, 26), "F", residence=home)
    arber.residence = erion.residence = home
    b.link(arber, vjosa, "SPOUSE")
    for parent in (arber, vjosa):
        b.link(parent, erion, "CHILD")
    ramadan.residence = residence(b, "PD", "Rruga e Dardanisë 7, 11000 Podujevë", "11000", D(1980, 1, 1))
    b.link(ramadan, arber, "CHILD")
    arber.employments = [
        Employment(
            "811234567",
            "2512",
            "Software developer",
            D(2016, 9, 1),
            ended_months_ago(b, 2),
            "FULL",
            cents("950.00"),
            cents("1340.00"),
        ),
    ]
    arber.qualifications = [
        school(
            6,
            "0613",
            "Bachelor's degree (software and applications development)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2013, 7, 5),
            "BA-204518",
        ),
        school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            'Gjimnazi "Sami Frashëri"',
            D(2009, 6, 19),
            "KT-118402",
        ),
    ]
    vjosa.employments = [
        Employment("814567890", "5223", "Shop sales assistant", D(2019, 3, 1), None, "PART", cents("290.00"))
    ]
    vjosa.qualifications = []
    erion.qualifications = []
    ramadan.employments = [
        Employment("812345678", "7115", "Carpenter", D(1990, 4, 1), D(2019, 9, 30), "FULL", cents("420.00"))
    ]
    ramadan.qualifications = []

    # --- Valbona Gashi: employed
    valbona = p["employed"]
    valbona.residence = residence(b, "FE", "Rruga e Kosovës 40, 70000 Ferizaj", "70000", D(2014, 8, 1))
    valbona.employments = [
        Employment(
            "814567890", "1212", "Human resource manager", D(2018, 2, 1), None, "FULL", cents("780.00")
        )
    ]
    valbona.qualifications = [
        school(
            6,
            "0413",
            "Bachelor's degree (management and administration)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2011, 7, 1),
            "BA-150233",
        )
    ]

    # --- Besnik Hoxha: a first pay check last month
    besnik = p["recently-employed"]
    besnik.residence = residence(b, "PE", "Rruga Mbretëresha Teutë 19, 30000 Pejë", "30000", D(2020, 3, 1))
    besnik.employments = []
    besnik.pay_checks = [PayCheck(today_month - 1, "815678901", cents("410.00"))]
    besnik.qualifications = [
        school(
            4,
            "1013",
            "Vocational qualification (hotel, restaurants and catering)",
            "Qendra e Aftësimit Profesional Prizren",
            D(2014, 6, 20),
            "KU-061872",
        )
    ]

    # --- Driton Berisha: household of five, category II (social-assistance.yaml example)
    driton = p["sa-category-2"]
    flat = residence(b, "PR", "Rruga Rexhep Luci 21, 10000 Prishtinë", "10000", D(2015, 10, 1))
    driton.residence = flat
    shqipe = b.add_person("1158203746", "Shqipe", "Berisha", D(1986, 9, 3), "F", residence=flat)
    b.link(driton, shqipe, "SPOUSE")
    kids = [
        b.add_person("1161029384", "Qëndresa", "Berisha", D(2008, 4, 12), "F", residence=flat),
        b.add_person("1161938475", "Egzon", "Berisha", D(2011, 11, 30), "M", residence=flat),
        b.add_person("1162847566", "Rinë", "Berisha", D(2017, 2, 8), "F", residence=flat),
    ]
    for kid in kids:
        kid.qualifications = []
        for parent in (driton, shqipe):
            b.link(parent, kid, "CHILD")
    driton.employments = [
        Employment(
            "812345678", "9333", "Freight handler", D(2016, 5, 2), D(2024, 10, 31), "FULL", cents("360.00")
        )
    ]
    driton.qualifications = [
        school(
            2, "0011", "Basic education certificate", 'Shkolla "Ismail Qemali"', D(1998, 6, 12), "PT-071230"
        )
    ]
    office = b.assistance_office(b.municipality("PR"))
    for adult in (driton, shqipe):
        adult.beneficiary = Beneficiary(
            "ACTIVE", "II", b.assistance_scheme(), D(2025, 3, 1), "HH-PR-0004519", 5, office, 15000
        )

    # --- Shpresa Morina: alone, unable to work, category I
    shpresa = p["sa-category-1"]
    shpresa.residence = residence(b, "GJ", "Rruga Çamëria 5, 50000 Gjakovë", "50000", D(2001, 4, 1))
    shpresa.employments = []
    shpresa.qualifications = [
        school(
            2,
            "0011",
            "Basic education certificate",
            'Shkolla "Dëshmorët e Kombit"',
            D(1988, 6, 10),
            "PT-010448",
        )
    ]
    shpresa.beneficiary = Beneficiary(
        "ACTIVE",
        "I",
        b.assistance_scheme(),
        D(2019, 9, 1),
        "HH-GJ-0001377",
        1,
        b.assistance_office(b.municipality("GJ")),
        b.assistance_amount("I", 1),
    )

    # --- Agron Shala: represents two companies; Kalaja Ndërtimi has another representative (Valbona)
    agron = p["representative"]
    agron.residence = residence(b, "PR", "Rruga Ilirët 8, 10000 Prishtinë", "10000", D(2012, 6, 1))
    agron.employments = [
        Employment("812345678", "1120", "Managing director", D(2008, 6, 23), None, "FULL", cents("1400.00"))
    ]
    agron.qualifications = [
        school(
            6,
            "0732",
            "Bachelor's degree (building and civil engineering)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2002, 7, 3),
            "BA-030715",
        )
    ]
    b.companies["812345678"].representatives = [
        (agron.code, "BOARD_MEMBER", True),
        (agron.code, "OWNER", False),
        (valbona.code, "OWNER", False),
    ]
    b.companies["813456789"].representatives = [(agron.code, "OWNER", True)]

    # --- Hajrije Bytyçi: deceased
    hajrije = p["deceased"]
    hajrije.died = D(2026, 2, 11)
    hajrije.employments = []
    hajrije.qualifications = []

    # --- Dragan Petrović: educated in Serbia, unknown to the education register
    dragan = p["unknown-to-education"]
    dragan.citizenship = "RS"
    dragan.residence = residence(b, "GR", "Rruga e Qershive 3, 10000 Graçanicë", "10000", D(2009, 2, 1))
    dragan.qualifications = None
    dragan.employments = [
        Employment(
            "812345678",
            "8332",
            "Heavy truck driver",
            D(2010, 3, 1),
            D(2025, 12, 31),
            "FULL",
            cents("520.00"),
        )
    ]

    # --- Jelena Đorđević: unknown to the health insurance fund
    jelena = p["unknown-to-health"]
    jelena.residence = residence(b, "ST", "Rruga e Kosovës 2, 72000 Shtërpcë", "72000", D(2022, 1, 1))
    jelena.coverage = None
    jelena.employments = []
    jelena.qualifications = [
        school(
            6,
            "0231",
            "Bachelor's degree (language acquisition)",
            "Universitet u Prištini (Mitrovica)",
            D(2016, 7, 8),
            "BA-410277",
        )
    ]

    long = p["long-name"]
    long.residence = residence(b, "PZ", "Rruga e Shadërvanit 11, 20000 Prizren", "20000", D(2011, 9, 1))
    long.employments = [
        Employment(
            "814567890",
            "4311",
            "Accounting clerk",
            D(2009, 5, 4),
            ended_months_ago(b, 6),
            "FULL",
            cents("450.00"),
        )
    ]
    long.qualifications = [
        school(
            6,
            "0411",
            "Bachelor's degree (accounting and taxation)",
            "Kolegji AAB",
            D(2008, 7, 2),
            "BA-088310",
        )
    ]

    counsellor = p["counsellor"]
    counsellor.residence = residence(b, "PR", "Rruga Nëna Terezë 30, 10000 Prishtinë", "10000", D(2016, 4, 1))
    counsellor.employments = [
        Employment(
            "810000001", "2423", "Employment counsellor", D(2015, 10, 1), None, "FULL", cents("690.00")
        )
    ]
    counsellor.qualifications = [
        school(
            7,
            "0111",
            "Master's degree (education science)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2014, 7, 4),
            "MA-310992",
        )
    ]
