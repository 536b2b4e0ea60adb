"""Demo trainings and measures for `make run`, per country profile (idempotent: found by title).

The courses are the kind a PES buys from vocational training centres: welding, forklift, care,
IT support, accounting, hospitality; places and languages are the profile's own, and each
measure names a rule of the profile's eligibility data (`profiles/measures.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Measure, MeasureKind, Training, TrainingState
from portal.models.base import utcnow
from portal.profiles.base import CountryProfile


@dataclass(frozen=True)
class DemoTraining:
    title: str
    provider: str
    isco: str
    start_in_days: int
    weeks: int
    hours: int
    place: str | None  # municipality code; None: remote only
    remote: bool
    language: str
    seats: int
    certificate: str
    description: str


EE_TRAININGS = (
    DemoTraining(
        "Keevitaja (MIG/MAG) väljaõpe",
        "Tallinna Polütehnikum",
        "7212",
        45,
        12,
        320,
        "0784",
        False,
        "et",
        14,
        "Keevitaja, tase 3 kutsetunnistus",
        "Ohutus, terasplaatide ja torude MIG/MAG-keevitus, jooniste lugemine.\nLõpus kutseeksam.",
    ),
    DemoTraining(
        "Tõstukijuhi koolitus",
        "Pärnumaa Kutsehariduskeskus",
        "8344",
        20,
        3,
        80,
        "0624",
        False,
        "et",
        12,
        "Tõstukijuhi tunnistus",
        "Tõstuki ehitus ja hooldus, ohutu laadimine ja ladustamine, praktiline sõit laos.",
    ),
    DemoTraining(
        "Hooldustöötaja",
        "Tartu Kutsehariduskeskus",
        "5322",
        60,
        20,
        640,
        "0793",
        False,
        "et",
        20,
        "Hooldustöötaja, tase 4 kutsetunnistus",
        "Eakate ja erivajadustega inimeste igapäevane abistamine, esmaabi, suhtlemine.\nPraktika hooldekodus.",
    ),
    DemoTraining(
        "IT-kasutajatugi (vene keeles)",
        "Ida-Virumaa Kutsehariduskeskus",
        "3512",
        30,
        10,
        240,
        "0511",
        True,
        "ru",
        16,
        "IT-tugiisiku sertifikaat",
        "Arvutite ja võrkude seadistamine, kasutajate abistamine, Windows ja Linux.\nOsa õppest veebis.",
    ),
    DemoTraining(
        "Raamatupidamise alused",
        "Tallinna Majanduskool",
        "4311",
        15,
        8,
        160,
        None,
        True,
        "et",
        25,
        "Raamatupidaja abi tunnistus",
        "Kahekordne kirjendamine, palgaarvestus, e-arveldaja ja maksudeklaratsioonid. Täielikult veebis.",
    ),
    DemoTraining(
        "Kokk (toitlustus)",
        "Tallinna Teeninduskool",
        "5120",
        75,
        16,
        480,
        "0784",
        False,
        "et",
        0,
        "Kokk, tase 3 kutsetunnistus",
        "Külm- ja soojaköök, hügieen ja HACCP, menüü koostamine. Kõik kohad on täidetud.",
    ),
)

XK_TRAININGS = (
    DemoTraining(
        "Saldim (MIG/MAG)",
        "Qendra për Aftësim Profesional Prishtinë",
        "7212",
        40,
        12,
        300,
        "PR",
        False,
        "sq",
        15,
        "Certifikatë e saldatorit, niveli 3",
        "Siguria në punë, saldimi MIG/MAG i pllakave dhe tubave të çelikut, leximi i vizatimeve teknike.",
    ),
    DemoTraining(
        "Instalues elektrik",
        "Qendra për Aftësim Profesional Prizren",
        "7411",
        30,
        16,
        420,
        "PZ",
        False,
        "sq",
        18,
        "Certifikatë e instaluesit elektrik",
        "Instalimet elektrike në ndërtesa banimi, matjet dhe siguria, standardet e vendit.",
    ),
    DemoTraining(
        "Kujdestar për të moshuarit",
        "Qendra për Aftësim Profesional Pejë",
        "5322",
        50,
        12,
        360,
        "PE",
        False,
        "sq",
        20,
        "Certifikatë e kujdestarit",
        "Kujdesi ditor për të moshuarit, ndihma e parë, komunikimi me familjen.\nPraktikë në qendër kujdesi.",
    ),
    DemoTraining(
        "Mbështetje IT për përdoruesit",
        "Qendra për Aftësim Profesional Gjakovë",
        "3512",
        20,
        10,
        240,
        "GJ",
        True,
        "sq",
        16,
        "Certifikatë e teknikut të mbështetjes IT",
        "Konfigurimi i kompjuterëve dhe rrjeteve, ndihma për përdoruesit; një pjesë në distancë.",
    ),
    DemoTraining(
        "Kontabilitet bazik (na srpskom)",
        "Centar za stručno osposobljavanje Severna Mitrovica",
        "4311",
        25,
        8,
        160,
        "MV",
        False,
        "sr",
        14,
        "Sertifikat pomoćnog knjigovođe",
        "Dvojno knjigovodstvo, obračun zarada, poreske prijave.",
    ),
    DemoTraining(
        "Kamarier dhe banakier",
        "Qendra për Aftësim Profesional Ferizaj",
        "5131",
        35,
        6,
        180,
        "FE",
        False,
        "sq",
        0,
        "Certifikatë e kamarierit",
        "Shërbimi në restorant dhe bar, higjiena, komunikimi me mysafirët. Të gjitha vendet janë zënë.",
    ),
)

# (kind, title, description, eligibility rule key)
EE_MEASURES = (
    (
        MeasureKind.WAGE_SUBSIDY,
        "Palgatoetus pikaajalise töötu töölevõtmiseks",
        "Tööandjale hüvitatakse pool palgast kuni 12 kuu jooksul.",
        "ee-wage-subsidy",
    ),
    (
        MeasureKind.WORK_PRACTICE,
        "Tööpraktika noortele",
        "Kuni 4 kuud praktikat juhendajaga.",
        "ee-work-practice",
    ),
    (
        MeasureKind.ON_THE_JOB_TRAINING,
        "Tööalane koolitus ettevõttes",
        "Uus töötaja õpib tööd tehes; töötukassa katab juhendamise kulu.",
        "ee-on-the-job-training",
    ),
    (
        MeasureKind.SELF_EMPLOYMENT_GRANT,
        "Ettevõtluse alustamise toetus",
        "Kuni 6000 eurot äriplaani alusel.",
        "ee-self-employment-grant",
    ),
)
XK_MEASURES = (
    (
        MeasureKind.WAGE_SUBSIDY,
        "Subvencionimi i pagës",
        "Punëdhënësi merr 50% të pagës për 6 muaj.",
        "xk-wage-subsidy",
    ),
    (
        MeasureKind.ON_THE_JOB_TRAINING,
        "Trajnim në punë",
        "Trajnim tek punëdhënësi me mentor.",
        "xk-on-the-job-training",
    ),
    (
        MeasureKind.WORK_PRACTICE,
        "Praktikë pune për të rinjtë",
        "Deri në 6 muaj praktikë me bursë.",
        "xk-work-practice",
    ),
    (
        MeasureKind.SELF_EMPLOYMENT_GRANT,
        "Grant për vetëpunësim",
        "Grant deri në 3000 euro për biznes të ri.",
        "xk-self-employment-grant",
    ),
    (MeasureKind.PUBLIC_WORKS, "Punë publike", "Punë me kohë të caktuar në komunë.", "xk-public-works"),
)
DEMO = {"EE": (EE_TRAININGS, EE_MEASURES), "XK": (XK_TRAININGS, XK_MEASURES)}


@dataclass(frozen=True)
class SeedResult:
    created: int
    unchanged: int


def seed_trainings(profile: CountryProfile) -> SeedResult:
    trainings, measures = DEMO.get(profile.code, ((), ()))
    today = profile.today()
    created = unchanged = 0
    with db.write() as session:
        known = set(session.scalars(select(Training.title)))
        for item in trainings:
            if item.title in known:
                unchanged += 1
                continue
            starts = today + dt.timedelta(days=item.start_in_days)
            session.add(
                Training(
                    title=item.title,
                    provider_name=item.provider,
                    description=item.description,
                    isco_code=item.isco,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(weeks=item.weeks),
                    hours=item.hours,
                    municipality_code=item.place,
                    remote=item.remote,
                    language=item.language,
                    # A full course shows how the pages speak of one with no seat left.
                    seats_total=item.seats or 10,
                    seats_taken=0 if item.seats else 10,
                    certificate=item.certificate,
                    state=TrainingState.PUBLISHED,
                    published_at=utcnow(),
                )
            )
            created += 1
        known_measures = set(session.scalars(select(Measure.title)))
        for kind, title, description, key in measures:
            if title in known_measures:
                unchanged += 1
                continue
            session.add(
                Measure(kind=kind, title=title, description=description, eligibility_key=key, active=True)
            )
            created += 1
    return SeedResult(created=created, unchanged=unchanged)
