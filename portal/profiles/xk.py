"""Kosovo: personal number of 10 digits issued by the civil registry (no public check digit)."""

from __future__ import annotations

from portal.profiles.base import (
    CountryProfile,
    DataUseRules,
    LifecycleRules,
    NationalIdError,
    ParsedNationalId,
    RegistrationRules,
    VacancyRules,
    is_ascii_digits,
)
from portal.profiles.matching import KOSOVO_WEIGHTS
from portal.profiles.measures import KOSOVO_TRAININGS
from portal.profiles.meetings import KOSOVO_MEETINGS
from portal.profiles.offices import Office, OfficeRules, RegionalUnemployment
from portal.profiles.refusals import KOSOVO_REFUSALS
from portal.profiles.risk import KOSOVO_RISK

# The Employment Agency's regional employment offices, by the municipalities they serve.
XK_OFFICES = OfficeRules(
    offices=(
        Office(
            "Prishtinë",
            "Rr. Nëna Terezë 34, 10000 Prishtinë",
            frozenset({"PR", "FK", "GR", "LI", "OB", "PD", "SH", "DN"}),
            RegionalUnemployment.AVERAGE,
        ),
        Office(
            "Prizren",
            "Rr. Remzi Ademaj 2, 20000 Prizren",
            frozenset({"PZ", "DR", "MM", "SU", "RA", "MA"}),
            RegionalUnemployment.HIGH,
        ),
        Office(
            "Pejë",
            "Rr. Mbretëresha Teutë 5, 30000 Pejë",
            frozenset({"PE", "IS", "KL", "DE", "JU"}),
            RegionalUnemployment.HIGH,
        ),
        Office("Gjakovë", "Rr. Nënë Tereza 12, 50000 Gjakovë", frozenset({"GJ"}), RegionalUnemployment.HIGH),
        Office(
            "Mitrovicë",
            "Rr. Mbretëresha Teutë 1, 40000 Mitrovicë",
            frozenset({"MI", "MV", "VU", "SK", "ZV", "ZP", "LE"}),
            RegionalUnemployment.HIGH,
        ),
        Office(
            "Gjilan",
            "Rr. Adem Jashari 8, 60000 Gjilan",
            frozenset({"GL", "KM", "NB", "RN", "PA", "KK", "VI"}),
            RegionalUnemployment.AVERAGE,
        ),
        Office(
            "Ferizaj",
            "Rr. Dëshmorët e Kombit 3, 70000 Ferizaj",
            frozenset({"FE", "KA", "HE", "ST"}),
            RegionalUnemployment.AVERAGE,
        ),
    ),
    default_office="Prishtinë",
)


def parse_personal_number(value: str) -> ParsedNationalId:
    if len(value) != 10 or not is_ascii_digits(value):
        raise NationalIdError("A Kosovo personal number has 10 digits.")
    if value == "0" * 10:
        raise NationalIdError("The personal number is not valid.")
    return ParsedNationalId(code=value)


KOSOVO = CountryProfile(
    code="XK",
    name="Kosovo",
    languages=("sq", "sr", "en"),
    timezone="Europe/Belgrade",
    holiday_calendar="XK",
    xroad_instance="DEV",
    national_id_parser=parse_personal_number,
    matching=KOSOVO_WEIGHTS,
    registration=RegistrationRules(
        minimum_age=16,
        pension_age=65,
        decision_days=15,
        certificate_days=90,
        legal_basis="Ligji Nr. 04/L-205 për Agjencinë e Punësimit (Law on the Employment Agency)",
    ),
    trainings=KOSOVO_TRAININGS,
    refusals=KOSOVO_REFUSALS,
    data_use=DataUseRules(
        xroad_clients={
            "DEV/GOV/70000005/sas": "Departamenti i Asistencës Sociale / Departman socijalne pomoći",
            "DEV/GOV/70000007/health": "Fondi i Sigurimeve Shëndetësore / Fond zdravstvenog osiguranja",
        },
    ),
    regions={
        "Prishtinë / Priština": ("PR", "PD", "FK", "OB", "LI", "DN", "GR", "NB"),
        "Mitrovicë / Mitrovica": ("MI", "MV", "SK", "VU", "LE", "ZV", "ZP"),
        "Pejë / Peć": ("PE", "IS", "KL"),
        "Gjakovë / Đakovica": ("GJ", "DE", "JU", "RA"),
        "Prizren": ("PZ", "SU", "MA", "DR", "MM"),
        "Ferizaj / Uroševac": ("FE", "KA", "SH", "ST", "HE"),
        "Gjilan / Gnjilane": ("GL", "KM", "VI", "KK", "PA", "RN"),
    },
    vacancies=VacancyRules(
        currency="EUR",
        minimum_wage=350,  # the monthly minimum wage set by the Government in 2023
        discriminatory_terms=(
            # Albanian (Ligji Nr. 05/L-021 për mbrojtjen nga diskriminimi)
            "vetëm meshkuj",
            "vetëm femra",
            "vetëm gra",
            "deri 30 vjeç",
            "deri 35 vjeç",
            "deri 40 vjeç",
            "pamje e këndshme",
            "pa fëmijë",
            "beqar",
            "beqare",
            # Serbian (Latin)
            "samo muškarci",
            "samo žene",
            "do 30 godina",
            "do 35 godina",
            "do 40 godina",
            "prijatnog izgleda",
            "bez dece",
            # English
            "men only",
            "women only",
            "male only",
            "female only",
            "under 30",
            "under 35",
            "under 40",
            "young",
            "no children",
            "attractive",
        ),
        direct_publishing=False,
    ),
    offices=XK_OFFICES,
    risk=KOSOVO_RISK,
    meetings=KOSOVO_MEETINGS,
    # Kosovo: the AIIP check of the tax administration ends the status automatically, with a
    # decision the person can ask a human to review; so do the population register's facts.
    lifecycle=LifecycleRules(
        legal_basis="Ligji Nr. 04/L-205 për Agjencinë e Punësimit, neni 14 (end of jobseeker status)",
        automatic_sources=frozenset({"tax_check", "population_check"}),
        report_beneficiaries=True,
    ),
)
