"""The Estonian personas: their homes, families, schooling, jobs, benefits and companies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from portal.simulators.registers.model import (
    Beneficiary,
    Certificate,
    Employment,
    PayCheck,
    Person,
    month_end,
    month_index,
    month_start,
)
from portal.simulators.registers.persona_records import cents, ended_months_ago, residence, school

if TYPE_CHECKING:
    from portal.simulators.registers.population import _Builder

D = dt.date


def install_ee(b: _Builder, p: dict[str, Person]) -> None:
    today_month = month_index(b.today)
    # --- the Jõeorg family, exactly as in population.yaml
    jaak, rasmus, toomas = p["unemployed"], p["minor"], p["pension-age"]
    home = residence(
        b, "0784", "Harju maakond, Tallinn, Kesklinna linnaosa, Narva mnt 5-12", "10117", D(2016, 4, 1)
    )
    mari_liis = b.add_person("48203150278", "Mari-Liis", "Jõeorg", D(1982, 3, 15), "F", residence=home)
    liisa = b.add_person("61509120218", "Liisa", "Jõeorg", D(2015, 9, 12), "F", residence=home)
    jaak.residence = rasmus.residence = home
    b.link(jaak, mari_liis, "SPOUSE")
    for parent in (jaak, mari_liis):
        b.link(parent, rasmus, "CHILD")
        b.link(parent, liisa, "CHILD")
    toomas.residence = residence(
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
            ended_months_ago(b, 2),
            "FULL",
            cents("2450.00"),
            cents("3712.45"),
        ),
        Employment(
            "10765896", "2511", "Systems analyst", D(2014, 8, 18), D(2021, 1, 31), "FULL", cents("2180.00")
        ),
    ]
    jaak.qualifications = [
        school(
            7,
            "0613",
            "Master of Science in Engineering (Software Engineering)",
            "Tallinna Tehnikaülikool",
            D(2005, 6, 17),
            "MA-005731",
        ),
        school(
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
        Employment("12874520", "2411", "Accountant", D(2015, 1, 5), None, "FULL", cents("2310.00"))
    ]
    mari_liis.qualifications = [
        school(
            6,
            "0411",
            "Bachelor's degree (accounting and taxation)",
            "Tartu Ülikool",
            D(2004, 6, 18),
            "BA-118230",
        )
    ]
    toomas.employments = [
        Employment("10765896", "7115", "Carpenter", D(1985, 3, 1), D(2019, 2, 28), "FULL", cents("1380.00"))
    ]
    toomas.qualifications = [
        school(
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
    kadri.residence = residence(
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
            cents("3600.00"),
        ),
        Employment(
            "14216734",
            "1212",
            "Office manager",
            D(2017, 3, 1),
            month_end(today_month - 2),
            "PART",
            cents("1150.00"),
        ),
    ]
    kadri.qualifications = [
        school(
            7,
            "0413",
            "Master's degree (management and administration)",
            "Tartu Ülikool",
            D(2015, 6, 12),
            "MA-031902",
        ),
        school(
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
    tonis.residence = residence(
        b, "0793", "Tartu maakond, Tartu linn, Ülikooli tn 9-2", "51003", D(2012, 9, 1)
    )
    tonis.employments = [
        Employment("10765896", "2511", "Systems analyst", D(2019, 4, 1), None, "FULL", cents("3150.00")),
        Employment(
            "14216734", "2512", "Software developer", D(2017, 3, 1), D(2019, 3, 31), "FULL", cents("2600.00")
        ),
    ]
    tonis.qualifications = [
        school(
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
    kylli.residence = residence(
        b, "0784", "Harju maakond, Tallinn, Mustamäe linnaosa, Sõpruse pst 151-40", "13413", D(2020, 5, 1)
    )
    kylli.employments = []
    kylli.pay_checks = [PayCheck(today_month - 1, "16000041", cents("1240.00"))]
    kylli.qualifications = [
        school(
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
    flat = residence(b, "0511", "Ida-Viru maakond, Narva linn, Jõhvi mnt 3-41", "20303", D(2018, 2, 1))
    ylle.residence = flat
    children = [
        b.add_person("50905040858", "Oskar", "Õunapuu", D(2009, 5, 4), "M", residence=flat),
        b.add_person("61601190960", "Grete", "Õunapuu", D(2016, 1, 19), "F", residence=flat),
    ]
    for child in children:
        b.link(ylle, child, "CHILD")
        child.qualifications = []
    ylle.employments = [
        Employment("16000041", "9112", "Cleaner", D(2021, 5, 3), D(2024, 8, 31), "PART", cents("640.00"))
    ]
    ylle.qualifications = [
        school(
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
    ants.residence = residence(
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
            cents("980.00"),
        )
    ]
    ants.qualifications = [
        school(2, "0011", "Basic education certificate", "Rakvere Põhikool", D(1984, 6, 12), "PT-084512")
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
            "10765896", "4110", "Office clerk", D(1990, 1, 2), D(2021, 5, 31), "FULL", cents("1100.00")
        )
    ]
    helgi.qualifications = [
        school(
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
    sergei.residence = residence(
        b, "0511", "Ida-Viru maakond, Narva linn, Tallinna mnt 19-7", "20304", D(2007, 3, 1)
    )
    sergei.qualifications = None
    sergei.employments = [
        Employment(
            "12874520", "8332", "Heavy truck driver", D(2012, 6, 1), D(2025, 7, 31), "FULL", cents("1850.00")
        )
    ]

    # --- Marko Lepik: back from working abroad, unknown to the health insurance fund
    marko = p["unknown-to-health"]
    marko.residence = residence(
        b, "0624", "Pärnu maakond, Pärnu linn, Rüütli tn 40-2", "80010", D(2025, 9, 1)
    )
    marko.coverage = None
    marko.employments = []
    marko.qualifications = [
        school(
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
    long.residence = residence(
        b, "0714", "Saare maakond, Saaremaa vald, Kuressaare linn, Tallinna tn 61", "93811", D(2010, 7, 1)
    )
    long.employments = [
        Employment(
            "12874520",
            "4311",
            "Accounting clerk",
            D(2008, 2, 1),
            ended_months_ago(b, 5),
            "FULL",
            cents("1525.50"),
        )
    ]
    long.qualifications = [
        school(
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
    counsellor.residence = residence(
        b, "0784", "Harju maakond, Tallinn, Kristiine linnaosa, Tulika tn 11-8", "10613", D(2019, 10, 1)
    )
    counsellor.employments = [
        Employment("70000001", "2423", "Employment counsellor", D(2019, 9, 2), None, "FULL", cents("2050.00"))
    ]
    counsellor.qualifications = [
        school(
            7, "0111", "Master's degree (education science)", "Tallinna Ülikool", D(2019, 6, 14), "MA-061733"
        ),
        school(6, "0311", "Bachelor's degree (economics)", "Tartu Ülikool", D(2016, 6, 17), "BA-084102"),
    ]
