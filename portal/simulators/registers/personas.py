"""Named test personas: fixed people with fixed codes that every register agrees about.

Like TARA's published test identities, they are what developers, testers and the dev eID page use.
Where a contract example names a person or company, the persona uses those very values, so the
examples in `contracts/` come true in the simulator (on 2026-11-26, the date the examples were
written for; "recent" facts move along with today, see `population.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.simulators.registers.population import _Builder

D = dt.date


@dataclass(frozen=True)
class Persona:
    key: str
    code: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    label: str


_LABELS = {
    "unemployed": "Typical unemployed person",
    "employed": "Employed person (active employment)",
    "recently-employed": "Pay checks only in the last month, no employment registered yet",
    "sa-category-2": "Social-assistance beneficiary, category II",
    "sa-category-1": "Social-assistance beneficiary, category I",
    "representative": "Company representative (two companies)",
    "deceased": "Deceased person",
    "minor": "Minor (under 18)",
    "pension-age": "Over pension age",
    "unknown-to-education": "Unknown to the education register",
    "unknown-to-health": "Unknown to the health-insurance register",
    "long-name": "Very long names with diacritics",
    "counsellor": "Counsellor (after `flask staff add`)",
    "no-residence": "No registered residence",
    "sa-ended": "Social assistance ended",
}

# key -> (code, given names, family name, date of birth, sex)
_PEOPLE: dict[str, dict[str, tuple[str, str, str, dt.date, str]]] = {
    "EE": {
        "unemployed": ("38001085718", "Jaak-Kristjan", "Jõeorg", D(1980, 1, 8), "M"),
        "employed": ("38709140271", "Tõnis", "Kask", D(1987, 9, 14), "M"),
        "recently-employed": ("49102210337", "Külli", "Sepp", D(1991, 2, 21), "F"),
        "sa-category-2": ("48511020417", "Ülle", "Õunapuu", D(1985, 11, 2), "F"),
        "sa-category-1": ("36804090524", "Ants", "Põder", D(1968, 4, 9), "M"),
        "representative": ("49004230347", "Kadri", "Tamm", D(1990, 4, 23), "F"),
        "deceased": ("45605110222", "Helgi", "Saar", D(1956, 5, 11), "F"),
        "minor": ("51206010333", "Rasmus", "Jõeorg", D(2012, 6, 1), "M"),
        "pension-age": ("35402070127", "Toomas", "Jõeorg", D(1954, 2, 7), "M"),
        "unknown-to-education": ("37506300450", "Sergei", "Kuznetsov", D(1975, 6, 30), "M"),
        "unknown-to-health": ("38312050610", "Marko", "Lepik", D(1983, 12, 5), "M"),
        "long-name": (
            "47908300745",
            "Kristiina-Õnnela Mari-Ann Ülle",
            "Tõnisson-Väljaäär-Küttimõisa-Sööt",
            D(1979, 8, 30),
            "F",
        ),
        "counsellor": ("49403136526", "Mari-Liis", "Männik", D(1994, 3, 13), "F"),
        "no-residence": ("39207142155", "Andrus", "Mägi", D(1992, 7, 14), "M"),
        "sa-ended": ("47903273188", "Piret", "Kivi", D(1979, 3, 27), "F"),
    },
    "XK": {
        "unemployed": ("1234567890", "Arbër", "Krasniqi", D(1990, 5, 17), "M"),
        "employed": ("1173920468", "Valbona", "Gashi", D(1988, 7, 21), "F"),
        "recently-employed": ("1198246735", "Besnik", "Hoxha", D(1995, 1, 30), "M"),
        "sa-category-2": ("1184527396", "Driton", "Berisha", D(1983, 8, 11), "M"),
        "sa-category-1": ("1145678902", "Shpresa", "Morina", D(1972, 12, 3), "F"),
        "representative": ("1152637481", "Agron", "Shala", D(1979, 2, 14), "M"),
        "deceased": ("1109876543", "Hajrije", "Bytyçi", D(1941, 6, 15), "F"),
        "minor": ("1167283940", "Erion", "Krasniqi", D(2014, 3, 8), "M"),
        "pension-age": ("1120394857", "Ramadan", "Krasniqi", D(1954, 10, 2), "M"),
        "unknown-to-education": ("1187364520", "Dragan", "Petrović", D(1977, 11, 19), "M"),
        "unknown-to-health": ("1139485762", "Jelena", "Đorđević", D(1993, 4, 6), "F"),
        "long-name": (
            "1176543219",
            "Shqipërimtare-Mëhrije Arbëreshë",
            "Gjonbalaj-Përvizaj-Çitaku-Dërmaku",
            D(1985, 1, 1),
            "F",
        ),
        "counsellor": ("1190817263", "Mirëlinda", "Hasani", D(1989, 9, 9), "F"),
        "no-residence": ("1156473829", "Faton", "Rexhepi", D(1992, 7, 14), "M"),
        "sa-ended": ("1161829374", "Teuta", "Kelmendi", D(1979, 3, 27), "F"),
    },
}

# Companies the personas need, by profile: code -> (name, legal form, NACE, founded, municipality, address)
_COMPANIES = {
    "EE": {
        "14216734": (
            "Põhjarannik OÜ",
            "OÜ",
            ("62.01", "Computer programming activities"),
            D(2017, 2, 14),
            "0784",
            "Harju maakond, Tallinn, Kesklinna linnaosa, Tornimäe tn 7",
        ),
        "10765896": (
            "Lõunatäht AS",
            "AS",
            ("62.02", "Computer consultancy activities"),
            D(1996, 9, 2),
            "0793",
            "Tartu maakond, Tartu linn, Riia tn 24",
        ),
        "12874520": (
            "Tartu Puit OÜ",
            "OÜ",
            ("16.10", "Sawmilling and planing of wood"),
            D(2005, 5, 17),
            "0793",
            "Tartu maakond, Tartu linn, Ringtee tn 35",
        ),
        "70000001": (
            "Eesti Töötukassa",
            "AÕJ",
            ("78.10", "Activities of employment placement agencies"),
            D(2009, 5, 1),
            "0784",
            "Harju maakond, Tallinn, Kesklinna linnaosa, Lasnamäe tn 2",
        ),
        "16000041": (
            "Männi Hooldus OÜ",
            "OÜ",
            ("81.21", "General cleaning of buildings"),
            D(2021, 3, 3),
            "0784",
            "Harju maakond, Tallinn, Mustamäe linnaosa, Sõpruse pst 145",
        ),
    },
    "XK": {
        "811234567": (
            "Dardania Tech SH.P.K.",
            "SH.P.K.",
            ("62.01", "Computer programming activities"),
            D(2012, 4, 10),
            "PR",
            "Rruga Fehmi Agani 12, 10000 Prishtinë",
        ),
        "812345678": (
            "Kalaja Ndërtimi SH.P.K.",
            "SH.P.K.",
            ("41.20", "Construction of residential and non-residential buildings"),
            D(2008, 6, 23),
            "PZ",
            "Rruga e Shadërvanit 4, 20000 Prizren",
        ),
        "813456789": (
            "Agron Shala B.I.",
            "B.I.",
            ("70.22", "Business and other management consultancy activities"),
            D(2018, 1, 15),
            "PR",
            "Rruga Ilirët 8, 10000 Prishtinë",
        ),
        "814567890": (
            "Iliria Tregtia SH.P.K.",
            "SH.P.K.",
            ("47.11", "Retail sale in non-specialised stores"),
            D(2004, 11, 2),
            "FE",
            "Rruga e Kosovës 21, 70000 Ferizaj",
        ),
        "815678901": (
            "Rugova Ushqimi SH.P.K.",
            "SH.P.K.",
            ("10.71", "Manufacture of bread and fresh pastry goods"),
            D(2015, 7, 7),
            "PE",
            "Rruga Mbretëresha Teutë 3, 30000 Pejë",
        ),
        "810000001": (
            "Agjencia e Punësimit e Republikës së Kosovës",
            "AP",
            ("78.10", "Activities of employment placement agencies"),
            D(2013, 1, 1),
            "PR",
            "Rruga Ukshin Hoti 5, 10000 Prishtinë",
        ),
    },
}


def personas(profile: str) -> tuple[Persona, ...]:
    """The named test personas of `profile`, in the documented order; () for an unknown profile."""
    return tuple(
        Persona(key, code, given, family, born, _LABELS[key])
        for key, (code, given, family, born, _sex) in _PEOPLE.get(profile, {}).items()
    )


def reserved_company_codes(profile: str) -> set[str]:
    return set(_COMPANIES.get(profile, {}))


def install(b: _Builder) -> None:
    """Add the personas, their relatives and their companies to a population being built."""
    for code, (name, form, nace, founded, municipality, address) in _COMPANIES[b.profile].items():
        b.add_company(code, name, form, nace, founded, b.municipality(municipality), address)
    people = {
        key: b.add_person(code, given, family, born, sex)
        for key, (code, given, family, born, sex) in _PEOPLE[b.profile].items()
    }
    from portal.simulators.registers.personas_edge import install_edge
    from portal.simulators.registers.personas_ee import install_ee
    from portal.simulators.registers.personas_xk import install_xk

    (install_ee if b.profile == "EE" else install_xk)(b, people)
    install_edge(b, people)
