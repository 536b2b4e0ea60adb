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

from portal.simulators.registers.model import (
    Beneficiary,
    Certificate,
    Employment,
    PayCheck,
    Person,
    Qualification,
    Residence,
    month_end,
    month_index,
    month_start,
)

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
    (_install_ee if b.profile == "EE" else _install_xk)(b, people)


def _residence(b: _Builder, municipality: str, address: str, postal: str, since: dt.date) -> Residence:
    place = b.municipality(municipality)
    return Residence(address, place.code, place.name, postal, since)


def _ended_months_ago(b: _Builder, months: int) -> dt.date:
    return month_end(month_index(b.today) - months)


def _cents(euros: str) -> int:
    whole, _, fraction = euros.partition(".")
    return int(whole) * 100 + int(fraction or 0)


def _school(
    level: int, field: str, title: str, institution: str, done: dt.date, number: str
) -> Qualification:
    return Qualification(level, field, title, institution, done, number)


def _install_ee(b: _Builder, p: dict[str, Person]) -> None:
    today_month = month_index(b.today)
    # --- the Jõeorg family, exactly as in population.yaml
    jaak, rasmus, toomas = p["unemployed"], p["minor"], p["pension-age"]
    home = _residence(
        b, "0784", "Harju maakond, Tallinn, Kesklinna linnaosa, Narva mnt 5-12", "10117", D(2016, 4, 1)
    )
    mari_liis = b.add_person("48203150278", "Mari-Liis", "Jõeorg", D(1982, 3, 15), "F", residence=home)
    liisa = b.add_person("61509120218", "Liisa", "Jõeorg", D(2015, 9, 12), "F", residence=home)
    jaak.residence = rasmus.residence = home
    b.link(jaak, mari_liis, "SPOUSE")
    for parent in (jaak, mari_liis):
        b.link(parent, rasmus, "CHILD")
        b.link(parent, liisa, "CHILD")
    toomas.residence = _residence(
        b, "0793", "Tartu maakond, Tartu linn, Tähe tn 17-3", "50103", D(1989, 10, 1)
    )
    b.link(toomas, jaak, "CHILD")
    # Employment ended at the end of the month before last (2026-09-30 on 2026-11-26), as in employment.yaml.
    jaak.employments = [
        Employment(
            "14216734",
            "2512",
            "Software developer",
            D(2021, 2, 1),
            _ended_months_ago(b, 2),
            "FULL",
            _cents("2450.00"),
            _cents("3712.45"),
        ),
        Employment(
            "10765896", "2511", "Systems analyst", D(2014, 8, 18), D(2021, 1, 31), "FULL", _cents("2180.00")
        ),
    ]
    jaak.qualifications = [
        _school(
            7,
            "0613",
            "Master of Science in Engineering (Software Engineering)",
            "Tallinna Tehnikaülikool",
            D(2005, 6, 17),
            "MA-005731",
        ),
        _school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            "Tallinna Reaalkool",
            D(1998, 6, 19),
            "KT-021487",
        ),
    ]
    jaak.certificates = [
        Certificate(
            "Software Developer, level 6",
            "2512",
            6,
            D(2019, 3, 22),
            D(2026, 3, 21),
            "Estonian Association of Information Technology and Telecommunications",
        ),
        Certificate("Forklift truck operator", "8344", None, D(2011, 9, 5), None, "Tallinna Polütehnikum"),
    ]
    mari_liis.employments = [
        Employment("12874520", "2411", "Accountant", D(2015, 1, 5), None, "FULL", _cents("2310.00"))
    ]
    mari_liis.qualifications = [
        _school(
            6,
            "0411",
            "Bachelor's degree (accounting and taxation)",
            "Tartu Ülikool",
            D(2004, 6, 18),
            "BA-118230",
        )
    ]
    toomas.employments = [
        Employment("10765896", "7115", "Carpenter", D(1985, 3, 1), D(2019, 2, 28), "FULL", _cents("1380.00"))
    ]
    toomas.qualifications = [
        _school(
            4,
            "0722",
            "Vocational qualification (materials (wood, paper, plastic, glass))",
            "Tartu Kutsehariduskeskus",
            D(1973, 6, 20),
            "KU-002214",
        )
    ]

    # --- Kadri Tamm: representative of two companies (business.yaml), employed since the 15th of last month
    kadri = p["representative"]
    kadri.residence = _residence(
        b, "0793", "Tartu maakond, Tartu linn, Kalda tee 12-4", "50704", D(2019, 8, 1)
    )
    kadri.employments = [
        Employment(
            "12874520",
            "1120",
            "Managing director",
            month_start(today_month - 1).replace(day=15),
            None,
            "FULL",
            _cents("3600.00"),
        ),
        Employment(
            "14216734",
            "1212",
            "Office manager",
            D(2017, 3, 1),
            month_end(today_month - 2),
            "PART",
            _cents("1150.00"),
        ),
    ]
    kadri.qualifications = [
        _school(
            7,
            "0413",
            "Master's degree (management and administration)",
            "Tartu Ülikool",
            D(2015, 6, 12),
            "MA-031902",
        ),
        _school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            "Hugo Treffneri Gümnaasium",
            D(2009, 6, 16),
            "KT-090114",
        ),
    ]
    b.companies["14216734"].representatives = [
        (jaak.code, "BOARD_MEMBER", True),
        (kadri.code, "PROCURATOR", False),
        (jaak.code, "OWNER", False),
    ]
    b.companies["12874520"].representatives = [
        (kadri.code, "BOARD_MEMBER", True),
        (kadri.code, "OWNER", False),
    ]

    # --- Tõnis Kask: employed for years
    tonis = p["employed"]
    tonis.residence = _residence(
        b, "0793", "Tartu maakond, Tartu linn, Ülikooli tn 9-2", "51003", D(2012, 9, 1)
    )
    tonis.employments = [
        Employment("10765896", "2511", "Systems analyst", D(2019, 4, 1), None, "FULL", _cents("3150.00")),
        Employment(
            "14216734", "2512", "Software developer", D(2017, 3, 1), D(2019, 3, 31), "FULL", _cents("2600.00")
        ),
    ]
    tonis.qualifications = [
        _school(
            6,
            "0613",
            "Bachelor's degree (software and applications development)",
            "Tartu Ülikool",
            D(2010, 6, 18),
            "BA-077341",
        )
    ]

    # --- Külli Sepp: a first pay check last month, the employment not registered yet
    kylli = p["recently-employed"]
    kylli.residence = _residence(
        b, "0784", "Harju maakond, Tallinn, Mustamäe linnaosa, Sõpruse pst 151-40", "13413", D(2020, 5, 1)
    )
    kylli.employments = []
    kylli.pay_checks = [PayCheck(today_month - 1, "16000041", _cents("1240.00"))]
    kylli.qualifications = [
        _school(
            4,
            "1013",
            "Vocational qualification (hotel, restaurants and catering)",
            "Tallinna Teeninduskool",
            D(2010, 6, 15),
            "KU-044512",
        )
    ]

    # --- Ülle Õunapuu: single mother of two, social assistance category II
    ylle = p["sa-category-2"]
    flat = _residence(b, "0511", "Ida-Viru maakond, Narva linn, Jõhvi mnt 3-41", "20303", D(2018, 2, 1))
    ylle.residence = flat
    children = [
        b.add_person("50905040858", "Oskar", "Õunapuu", D(2009, 5, 4), "M", residence=flat),
        b.add_person("61601190960", "Grete", "Õunapuu", D(2016, 1, 19), "F", residence=flat),
    ]
    for child in children:
        b.link(ylle, child, "CHILD")
        child.qualifications = []
    ylle.employments = [
        Employment("16000041", "9112", "Cleaner", D(2021, 5, 3), D(2024, 8, 31), "PART", _cents("640.00"))
    ]
    ylle.qualifications = [
        _school(
            2,
            "0011",
            "Basic education certificate",
            "Narva Pähklimäe Gümnaasium",
            D(2001, 6, 14),
            "PT-310877",
        )
    ]
    place = b.municipality("0511")
    ylle.beneficiary = Beneficiary(
        "ACTIVE",
        "II",
        b.assistance_scheme(),
        D(2025, 1, 1),
        "HH-0511-0000217",
        3,
        b.assistance_office(place),
        b.assistance_amount("II", 3),
    )

    # --- Ants Põder: alone, unable to work, social assistance category I
    ants = p["sa-category-1"]
    ants.residence = _residence(
        b, "0321", "Ida-Viru maakond, Kohtla-Järve linn, Kooli tn 7-15", "30328", D(2003, 11, 1)
    )
    ants.employments = [
        Employment(
            "10765896",
            "8160",
            "Food products machine operator",
            D(1995, 9, 1),
            D(2016, 4, 30),
            "FULL",
            _cents("980.00"),
        )
    ]
    ants.qualifications = [
        _school(2, "0011", "Basic education certificate", "Rakvere Põhikool", D(1984, 6, 12), "PT-084512")
    ]
    ants.beneficiary = Beneficiary(
        "ACTIVE",
        "I",
        b.assistance_scheme(),
        D(2017, 6, 1),
        "HH-0321-0000984",
        1,
        b.assistance_office(b.municipality("0321")),
        b.assistance_amount("I", 1),
    )

    # --- Helgi Saar: deceased (population.yaml example); no residence, no family
    helgi = p["deceased"]
    helgi.died = D(2025, 12, 2)
    helgi.employments = [
        Employment(
            "10765896", "4110", "Office clerk", D(1990, 1, 2), D(2021, 5, 31), "FULL", _cents("1100.00")
        )
    ]
    helgi.qualifications = [
        _school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            "Pärnu Koidula Gümnaasium",
            D(1974, 6, 14),
            "KT-001942",
        )
    ]

    # --- Sergei Kuznetsov: educated abroad, unknown to the education register; not employed
    sergei = p["unknown-to-education"]
    sergei.residence = _residence(
        b, "0511", "Ida-Viru maakond, Narva linn, Tallinna mnt 19-7", "20304", D(2007, 3, 1)
    )
    sergei.qualifications = None
    sergei.employments = [
        Employment(
            "12874520", "8332", "Heavy truck driver", D(2012, 6, 1), D(2025, 7, 31), "FULL", _cents("1850.00")
        )
    ]

    # --- Marko Lepik: back from working abroad, unknown to the health insurance fund
    marko = p["unknown-to-health"]
    marko.residence = _residence(
        b, "0624", "Pärnu maakond, Pärnu linn, Rüütli tn 40-2", "80010", D(2025, 9, 1)
    )
    marko.coverage = None
    marko.employments = []
    marko.qualifications = [
        _school(
            4,
            "0732",
            "Vocational qualification (building and civil engineering)",
            "Pärnumaa Kutsehariduskeskus",
            D(2002, 6, 20),
            "KU-019876",
        )
    ]

    # --- very long names
    long = p["long-name"]
    long.residence = _residence(
        b, "0714", "Saare maakond, Saaremaa vald, Kuressaare linn, Tallinna tn 61", "93811", D(2010, 7, 1)
    )
    long.employments = [
        Employment(
            "12874520",
            "4311",
            "Accounting clerk",
            D(2008, 2, 1),
            _ended_months_ago(b, 5),
            "FULL",
            _cents("1525.50"),
        )
    ]
    long.qualifications = [
        _school(
            6,
            "0411",
            "Bachelor's degree (accounting and taxation)",
            "Tallinna Ülikool",
            D(2002, 6, 21),
            "BA-020113",
        )
    ]

    # --- Mari-Liis Männik: counsellor at the PES
    counsellor = p["counsellor"]
    counsellor.residence = _residence(
        b, "0784", "Harju maakond, Tallinn, Kristiine linnaosa, Tulika tn 11-8", "10613", D(2019, 10, 1)
    )
    counsellor.employments = [
        Employment(
            "70000001", "2423", "Employment counsellor", D(2019, 9, 2), None, "FULL", _cents("2050.00")
        )
    ]
    counsellor.qualifications = [
        _school(
            7, "0111", "Master's degree (education science)", "Tallinna Ülikool", D(2019, 6, 14), "MA-061733"
        ),
        _school(6, "0311", "Bachelor's degree (economics)", "Tartu Ülikool", D(2016, 6, 17), "BA-084102"),
    ]


def _install_xk(b: _Builder, p: dict[str, Person]) -> None:
    today_month = month_index(b.today)
    # --- Arbër Krasniqi and his family
    arber, erion, ramadan = p["unemployed"], p["minor"], p["pension-age"]
    home = _residence(b, "PR", "Rruga Fehmi Agani 34, 10000 Prishtinë", "10000", D(2018, 5, 1))
    vjosa = b.add_person("1126384759", "Vjosa", "Krasniqi", D(1992, 2, 26), "F", residence=home)
    arber.residence = erion.residence = home
    b.link(arber, vjosa, "SPOUSE")
    for parent in (arber, vjosa):
        b.link(parent, erion, "CHILD")
    ramadan.residence = _residence(b, "PD", "Rruga e Dardanisë 7, 11000 Podujevë", "11000", D(1980, 1, 1))
    b.link(ramadan, arber, "CHILD")
    arber.employments = [
        Employment(
            "811234567",
            "2512",
            "Software developer",
            D(2016, 9, 1),
            _ended_months_ago(b, 2),
            "FULL",
            _cents("950.00"),
            _cents("1340.00"),
        ),
    ]
    arber.qualifications = [
        _school(
            6,
            "0613",
            "Bachelor's degree (software and applications development)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2013, 7, 5),
            "BA-204518",
        ),
        _school(
            3,
            "0011",
            "Secondary education certificate (general upper secondary)",
            'Gjimnazi "Sami Frashëri"',
            D(2009, 6, 19),
            "KT-118402",
        ),
    ]
    vjosa.employments = [
        Employment("814567890", "5223", "Shop sales assistant", D(2019, 3, 1), None, "PART", _cents("290.00"))
    ]
    vjosa.qualifications = []
    erion.qualifications = []
    ramadan.employments = [
        Employment("812345678", "7115", "Carpenter", D(1990, 4, 1), D(2019, 9, 30), "FULL", _cents("420.00"))
    ]
    ramadan.qualifications = []

    # --- Valbona Gashi: employed
    valbona = p["employed"]
    valbona.residence = _residence(b, "FE", "Rruga e Kosovës 40, 70000 Ferizaj", "70000", D(2014, 8, 1))
    valbona.employments = [
        Employment(
            "814567890", "1212", "Human resource manager", D(2018, 2, 1), None, "FULL", _cents("780.00")
        )
    ]
    valbona.qualifications = [
        _school(
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
    besnik.residence = _residence(b, "PE", "Rruga Mbretëresha Teutë 19, 30000 Pejë", "30000", D(2020, 3, 1))
    besnik.employments = []
    besnik.pay_checks = [PayCheck(today_month - 1, "815678901", _cents("410.00"))]
    besnik.qualifications = [
        _school(
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
    flat = _residence(b, "PR", "Rruga Rexhep Luci 21, 10000 Prishtinë", "10000", D(2015, 10, 1))
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
            "812345678", "9333", "Freight handler", D(2016, 5, 2), D(2024, 10, 31), "FULL", _cents("360.00")
        )
    ]
    driton.qualifications = [
        _school(
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
    shpresa.residence = _residence(b, "GJ", "Rruga Çamëria 5, 50000 Gjakovë", "50000", D(2001, 4, 1))
    shpresa.employments = []
    shpresa.qualifications = [
        _school(
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
    agron.residence = _residence(b, "PR", "Rruga Ilirët 8, 10000 Prishtinë", "10000", D(2012, 6, 1))
    agron.employments = [
        Employment("812345678", "1120", "Managing director", D(2008, 6, 23), None, "FULL", _cents("1400.00"))
    ]
    agron.qualifications = [
        _school(
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
    dragan.residence = _residence(b, "GR", "Rruga e Qershive 3, 10000 Graçanicë", "10000", D(2009, 2, 1))
    dragan.qualifications = None
    dragan.employments = [
        Employment(
            "812345678",
            "8332",
            "Heavy truck driver",
            D(2010, 3, 1),
            D(2025, 12, 31),
            "FULL",
            _cents("520.00"),
        )
    ]

    # --- Jelena Đorđević: unknown to the health insurance fund
    jelena = p["unknown-to-health"]
    jelena.residence = _residence(b, "ST", "Rruga e Kosovës 2, 72000 Shtërpcë", "72000", D(2022, 1, 1))
    jelena.coverage = None
    jelena.employments = []
    jelena.qualifications = [
        _school(
            6,
            "0231",
            "Bachelor's degree (language acquisition)",
            "Universitet u Prištini (Mitrovica)",
            D(2016, 7, 8),
            "BA-410277",
        )
    ]

    long = p["long-name"]
    long.residence = _residence(b, "PZ", "Rruga e Shadërvanit 11, 20000 Prizren", "20000", D(2011, 9, 1))
    long.employments = [
        Employment(
            "814567890",
            "4311",
            "Accounting clerk",
            D(2009, 5, 4),
            _ended_months_ago(b, 6),
            "FULL",
            _cents("450.00"),
        )
    ]
    long.qualifications = [
        _school(
            6,
            "0411",
            "Bachelor's degree (accounting and taxation)",
            "Kolegji AAB",
            D(2008, 7, 2),
            "BA-088310",
        )
    ]

    counsellor = p["counsellor"]
    counsellor.residence = _residence(
        b, "PR", "Rruga Nëna Terezë 30, 10000 Prishtinë", "10000", D(2016, 4, 1)
    )
    counsellor.employments = [
        Employment(
            "810000001", "2423", "Employment counsellor", D(2015, 10, 1), None, "FULL", _cents("690.00")
        )
    ]
    counsellor.qualifications = [
        _school(
            7,
            "0111",
            "Master's degree (education science)",
            'Universiteti i Prishtinës "Hasan Prishtina"',
            D(2014, 7, 4),
            "MA-310992",
        )
    ]
