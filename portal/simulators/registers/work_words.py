"""Word lists of work and schooling the synthetic population is drawn from, per profile:
occupations, fields of study, schools and their documents, certificate issuers, company names.

Institutions are real names used as plain scenery; companies and numbers are made up.
"""

from __future__ import annotations

# (ISCO-08 unit group, title, monthly gross wage in EE euros). XK wages are scaled down.
OCCUPATIONS = (
    ("1120", "Managing director", 4200),
    ("1212", "Human resource manager", 3300),
    ("2141", "Industrial engineer", 2900),
    ("2221", "Nurse", 1900),
    ("2310", "University lecturer", 2400),
    ("2341", "Primary school teacher", 1900),
    ("2411", "Accountant", 2200),
    ("2423", "Careers adviser", 1900),
    ("2511", "Systems analyst", 3100),
    ("2512", "Software developer", 3400),
    ("2643", "Translator", 1800),
    ("3115", "Mechanical engineering technician", 1900),
    ("3313", "Bookkeeper", 1600),
    ("3322", "Commercial sales representative", 2000),
    ("4110", "Office clerk", 1400),
    ("4221", "Travel consultant", 1500),
    ("4311", "Accounting clerk", 1450),
    ("5120", "Cook", 1350),
    ("5131", "Waiter", 1150),
    ("5223", "Shop sales assistant", 1150),
    ("5321", "Health care assistant", 1250),
    ("5414", "Security guard", 1200),
    ("6111", "Field crop grower", 1300),
    ("7115", "Carpenter", 1700),
    ("7126", "Plumber", 1800),
    ("7231", "Motor vehicle mechanic", 1700),
    ("7411", "Building electrician", 1900),
    ("7522", "Cabinet-maker", 1500),
    ("8160", "Food products machine operator", 1350),
    ("8322", "Car and van driver", 1400),
    ("8332", "Heavy truck driver", 1800),
    ("8344", "Forklift truck operator", 1400),
    ("9112", "Cleaner", 1000),
    ("9321", "Hand packer", 1050),
    ("9333", "Freight handler", 1200),
)

# ISCED-F 2013 detailed fields: (code, name used in titles).
FIELDS = (
    ("0011", "general education"),
    ("0111", "education science"),
    ("0231", "language acquisition"),
    ("0311", "economics"),
    ("0411", "accounting and taxation"),
    ("0413", "management and administration"),
    ("0416", "wholesale and retail sales"),
    ("0421", "law"),
    ("0511", "biology"),
    ("0533", "physics"),
    ("0613", "software and applications development"),
    ("0713", "electricity and energy"),
    ("0715", "mechanics and metal trades"),
    ("0716", "motor vehicles, ships and aircraft"),
    ("0722", "materials (wood, paper, plastic, glass)"),
    ("0732", "building and civil engineering"),
    ("0811", "crop and livestock production"),
    ("0913", "nursing and midwifery"),
    ("1013", "hotel, restaurants and catering"),
    ("1041", "transport services"),
)

LEVEL_TITLES = {
    2: "Basic education certificate",
    3: "Secondary education certificate",
    4: "Vocational qualification",
    5: "Vocational higher education diploma",
    6: "Bachelor's degree",
    7: "Master's degree",
    8: "Doctoral degree",
}
DOCUMENT_PREFIX = {2: "PT", 3: "KT", 4: "KU", 5: "RA", 6: "BA", 7: "MA", 8: "PHD"}

INSTITUTIONS = {
    "EE": {
        2: (
            "Tallinna 21. Kool",
            "Tartu Kivilinna Kool",
            "Narva Pähklimäe Gümnaasium",
            "Pärnu Ülejõe Põhikool",
            "Võru Kreutzwaldi Kool",
            "Rakvere Põhikool",
            "Viljandi Jakobsoni Kool",
        ),
        3: (
            "Tallinna Reaalkool",
            "Hugo Treffneri Gümnaasium",
            "Tallinna Õismäe Gümnaasium",
            "Pärnu Koidula Gümnaasium",
            "Narva Keeltelütseum",
            "Kohtla-Järve Gümnaasium",
            "Rakvere Gümnaasium",
        ),
        4: (
            "Tallinna Polütehnikum",
            "Tartu Kutsehariduskeskus",
            "Ida-Virumaa Kutsehariduskeskus",
            "Pärnumaa Kutsehariduskeskus",
            "Tallinna Teeninduskool",
            "Räpina Aianduskool",
        ),
        5: ("Tallinna Tehnikakõrgkool", "Tartu Tervishoiu Kõrgkool", "Eesti Mereakadeemia"),
        6: ("Tartu Ülikool", "Tallinna Ülikool", "Tallinna Tehnikaülikool", "Eesti Maaülikool"),
        7: ("Tartu Ülikool", "Tallinna Ülikool", "Tallinna Tehnikaülikool", "Eesti Maaülikool"),
        8: ("Tartu Ülikool", "Tallinna Tehnikaülikool"),
    },
    "XK": {
        2: (
            'Shkolla Fillore e Mesme e Ulët "Naim Frashëri"',
            'Shkolla "Ismail Qemali"',
            'Shkolla "Dëshmorët e Kombit"',
            'Osnovna škola "Vuk Karadžić"',
        ),
        3: (
            'Gjimnazi "Sami Frashëri"',
            'Gjimnazi "Xhevdet Doda"',
            'Shkolla e Mesme Ekonomike "Hasan Prishtina"',
            'Gimnazija "Petar Petrović Njegoš"',
        ),
        4: (
            'Shkolla e Mesme Teknike "Shtjefën Gjeçovi"',
            "Qendra e Kompetencës Ferizaj",
            "Qendra e Aftësimit Profesional Prizren",
        ),
        5: ("Kolegji AAB", "Kolegji Universum"),
        6: (
            'Universiteti i Prishtinës "Hasan Prishtina"',
            'Universiteti "Ukshin Hoti" Prizren',
            "Universitet u Prištini (Mitrovica)",
        ),
        7: ('Universiteti i Prishtinës "Hasan Prishtina"', 'Universiteti "Fehmi Agani" Gjakovë'),
        8: ('Universiteti i Prishtinës "Hasan Prishtina"',),
    },
}

CERTIFICATE_ISSUERS = {
    "EE": (
        "Eesti Kutsekoda",
        "Tallinna Polütehnikum",
        "Eesti Ehitusettevõtjate Liit",
        "Eesti Õdede Liit",
        "Eesti Infotehnoloogia ja Telekommunikatsiooni Liit",
    ),
    "XK": (
        "Autoriteti Kombëtar i Kualifikimeve",
        "Oda Ekonomike e Kosovës",
        "Qendra e Aftësimit Profesional Prishtinë",
    ),
}

# Company names: a distinctive word plus a trade, with the country's legal-form abbreviation.
COMPANY_WORDS = {
    "EE": (
        "Põhja",
        "Lõuna",
        "Ida",
        "Lääne",
        "Mere",
        "Metsa",
        "Kivi",
        "Päikese",
        "Tähe",
        "Järve",
        "Jõe",
        "Välja",
        "Ülemiste",
        "Õnne",
        "Kase",
        "Männi",
        "Vana",
        "Uus",
        "Tartu",
        "Pärnu",
        "Narva",
        "Saare",
        "Harju",
        "Viru",
    ),
    "XK": (
        "Dardania",
        "Iliria",
        "Shqiponja",
        "Kosova",
        "Rugova",
        "Sharri",
        "Drini",
        "Besa",
        "Ylli",
        "Lumi",
        "Agimi",
        "Vëllezërit",
        "Çelësi",
        "Ëndrra",
        "Dukagjini",
        "Kalaja",
        "Morava",
        "Ibri",
    ),
}
COMPANY_TRADES = (
    # (word EE, word XK, NACE code, NACE title)
    ("Ehitus", "Ndërtimi", "41.20", "Construction of residential and non-residential buildings"),
    ("Puit", "Druri", "16.10", "Sawmilling and planing of wood"),
    ("Transport", "Transporti", "49.41", "Freight transport by road"),
    ("Kaubandus", "Tregtia", "47.11", "Retail sale in non-specialised stores"),
    ("IT", "Tech", "62.01", "Computer programming activities"),
    ("Toit", "Ushqimi", "10.71", "Manufacture of bread and fresh pastry goods"),
    ("Hooldus", "Shërbimi", "81.21", "General cleaning of buildings"),
    ("Metall", "Metali", "25.11", "Manufacture of metal structures"),
    ("Agro", "Agro", "01.11", "Growing of cereals, leguminous crops and oil seeds"),
    ("Konsult", "Konsulting", "70.22", "Business and other management consultancy activities"),
    ("Auto", "Auto", "45.20", "Maintenance and repair of motor vehicles"),
    ("Majutus", "Hoteli", "55.10", "Hotels and similar accommodation"),
)
LEGAL_FORMS = {"EE": (("OÜ", 80), ("AS", 15), ("TÜ", 5)), "XK": (("SH.P.K.", 70), ("B.I.", 25), ("SH.A.", 5))}
