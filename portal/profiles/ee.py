"""Estonia: isikukood (11 digits: sex and century, YYMMDD, serial, check digit)."""

from __future__ import annotations

import datetime as dt

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
from portal.profiles.matching import ESTONIA_WEIGHTS
from portal.profiles.measures import ESTONIA_TRAININGS
from portal.profiles.meetings import ESTONIA_MEETINGS
from portal.profiles.offices import Office, OfficeRules, RegionalUnemployment
from portal.profiles.refusals import ESTONIA_REFUSALS
from portal.profiles.risk import ESTONIA_RISK

# Offices of the Unemployment Insurance Fund by county (a sample of the real network).
EE_OFFICES = OfficeRules(
    offices=(
        Office(
            "Tallinn",
            "Lasnamäe 2, 11412 Tallinn",
            frozenset(
                {
                    "0784",
                    "0141",
                    "0198",
                    "0245",
                    "0296",
                    "0304",
                    "0338",
                    "0353",
                    "0424",
                    "0431",
                    "0446",
                    "0651",
                    "0653",
                    "0718",
                    "0726",
                    "0890",
                }
            ),
            RegionalUnemployment.LOW,
        ),
        Office(
            "Tartu",
            "Soola 8, 51004 Tartu",
            frozenset({"0793", "0796", "0171", "0283", "0291", "0432", "0528", "0557", "0586"}),
            RegionalUnemployment.AVERAGE,
        ),
        Office(
            "Pärnu",
            "Aia 4, 80011 Pärnu",
            frozenset({"0624", "0214", "0303", "0430", "0638", "0712", "0809"}),
            RegionalUnemployment.AVERAGE,
        ),
        Office(
            "Ida-Viru",
            "Tallinna mnt 6a, 20304 Narva",
            frozenset({"0511", "0514", "0735", "0321", "0251", "0130", "0442", "0803"}),
            RegionalUnemployment.HIGH,
        ),
    ),
    default_office="Tallinn",
)

_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000, 7: 2100, 8: 2100}
_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)


def isikukood_check_digit(first_ten: str) -> int:
    digits = [int(c) for c in first_ten]
    remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
        if remainder == 10:
            remainder = 0
    return remainder


def parse_isikukood(value: str) -> ParsedNationalId:
    if len(value) != 11 or not is_ascii_digits(value):
        raise NationalIdError("An Estonian personal code has 11 digits.")
    first = int(value[0])
    if first not in _CENTURY:
        raise NationalIdError("The first digit of an Estonian personal code is 1 to 8.")
    try:
        born = dt.date(_CENTURY[first] + int(value[1:3]), int(value[3:5]), int(value[5:7]))
    except ValueError:
        raise NationalIdError("The personal code does not contain a valid birth date.") from None
    if isikukood_check_digit(value[:10]) != int(value[10]):
        raise NationalIdError("The check digit of the personal code is wrong.")
    return ParsedNationalId(code=value, date_of_birth=born, sex="male" if first % 2 else "female")


ESTONIA = CountryProfile(
    code="EE",
    name="Estonia",
    languages=("et", "en", "ru"),
    timezone="Europe/Tallinn",
    holiday_calendar="EE",
    xroad_instance="DEV",
    national_id_parser=parse_isikukood,
    matching=ESTONIA_WEIGHTS,
    registration=RegistrationRules(
        minimum_age=16,
        pension_age=65,
        decision_days=14,
        certificate_days=90,
        legal_basis="Tööturuteenuste ja -toetuste seadus (Labour Market Services and Benefits Act) § 6",
    ),
    trainings=ESTONIA_TRAININGS,
    refusals=ESTONIA_REFUSALS,
    data_use=DataUseRules(
        xroad_clients={
            "DEV/GOV/70000005/sas": "Sotsiaalkindlustusamet",
            "DEV/GOV/70000007/health": "Tervisekassa",
        },
    ),
    regions={
        "Harju maakond": (
            "0141",
            "0198",
            "0245",
            "0296",
            "0304",
            "0338",
            "0353",
            "0424",
            "0431",
            "0446",
            "0651",
            "0653",
            "0718",
            "0726",
            "0784",
            "0890",
        ),
        "Hiiu maakond": ("0205",),
        "Ida-Viru maakond": ("0130", "0251", "0321", "0442", "0511", "0514", "0735", "0803"),
        "Jõgeva maakond": ("0247", "0486", "0618"),
        "Järva maakond": ("0255", "0567", "0834"),
        "Lääne maakond": ("0184", "0441", "0907"),
        "Lääne-Viru maakond": ("0191", "0272", "0661", "0663", "0792", "0901", "0903", "0928"),
        "Põlva maakond": ("0284", "0622", "0708"),
        "Pärnu maakond": ("0214", "0303", "0430", "0624", "0638", "0712", "0809"),
        "Rapla maakond": ("0293", "0317", "0503", "0668"),
        "Saare maakond": ("0478", "0689", "0714"),
        "Tartu maakond": ("0171", "0283", "0291", "0432", "0528", "0586", "0793", "0796"),
        "Valga maakond": ("0557", "0824", "0855"),
        "Viljandi maakond": ("0480", "0615", "0897", "0899"),
        "Võru maakond": ("0142", "0698", "0732", "0917", "0919"),
    },
    vacancies=VacancyRules(
        currency="EUR",
        minimum_wage=886,  # Vabariigi Valitsuse määrus: the monthly minimum wage since 1 January 2025
        discriminatory_terms=(
            # Estonian (Võrdse kohtlemise seadus, soolise võrdõiguslikkuse seadus)
            "ainult mehed",
            "ainult naised",
            "ainult meessoost",
            "ainult naissoost",
            "noor naine",
            "noor mees",
            "kuni 30",
            "kuni 35",
            "kuni 40",
            "eesti rahvusest",
            "slaavi",
            "lasteta",
            "meeldiva välimusega",
            # Russian
            "только мужчины",
            "только женщины",
            "до 30 лет",
            "до 35 лет",
            "до 40 лет",
            "славянской внешности",
            "без детей",
            "приятной внешности",
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
        direct_publishing=True,
    ),
    offices=EE_OFFICES,
    risk=ESTONIA_RISK,
    meetings=ESTONIA_MEETINGS,
    # Estonia: a counsellor confirms every proposal from a register or an employer.
    lifecycle=LifecycleRules(
        legal_basis="Tööturuteenuste ja -toetuste seadus (Labour Market Services and Benefits Act) § 7",
    ),
)
