"""A synthetic country for the matching benchmark and its evaluation: jobseekers and vacancies
drawn from per-profile distributions, and each jobseeker's actual next job.

Distributions (shares of the registered unemployed and of vacancies, rounded; Eesti Töötukassa
and the Kosovo Employment Agency's yearly reports give the shape, not the figures):
- occupation: by ISCO major group (elementary, craft and plant work dominate the unemployed;
  professionals dominate vacancies less than they do employment), a few unit groups per group
  much more common than the rest (a Zipf law);
- place: by municipality population (`counties_<profile>.csv`);
- education: ISCED level by the occupation's skill level;
- languages: the country's languages as first language in their population shares, English and
  the second national language at A2-C1.
- contracts: vacancies mostly permanent in Estonia and fixed-term in Kosovo, farm work often
  seasonal; most jobseekers take any kind, a quarter only a permanent one.

The next job is what the evaluation holds out: mostly in one of the person's occupations (or a
related one, or one from their history) and near home, sometimes elsewhere, as people are hired.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from portal.services.matching import places
from portal.services.matching.facts import CONTRACTS
from portal.services.reference_data import _isco_rows

# Share (per mille) of each ISCO major group among the unemployed and among vacancies.
JOBSEEKER_MAJOR = {"1": 25, "2": 90, "3": 95, "4": 90, "5": 210, "6": 30, "7": 160, "8": 130, "9": 170}
VACANCY_MAJOR = {"1": 30, "2": 160, "3": 130, "4": 80, "5": 220, "6": 15, "7": 140, "8": 110, "9": 115}
# ISCED level by major group: (levels, weights).
EDUCATION = {
    "1": ((5, 6, 7), (2, 5, 3)),
    "2": ((6, 7, 8), (5, 4, 1)),
    "3": ((3, 4, 5, 6), (3, 3, 2, 2)),
    "4": ((3, 4, 6), (5, 2, 3)),
    "5": ((2, 3, 4), (3, 6, 1)),
    "6": ((1, 2, 3), (2, 5, 3)),
    "7": ((2, 3, 4), (2, 6, 2)),
    "8": ((2, 3, 4), (3, 6, 1)),
    "9": ((1, 2, 3), (3, 5, 2)),
}
WAGE = {"1": 3200, "2": 2500, "3": 1900, "4": 1400, "5": 1200, "6": 1200, "7": 1650, "8": 1500, "9": 1050}
# (language, share with it as first language) and (language, share speaking it as a second one).
FIRST_LANGUAGES = {"EE": (("et", 0.7), ("ru", 0.3)), "XK": (("sq", 0.9), ("sr", 0.1))}
SECOND_LANGUAGES = {
    "EE": (("en", 0.5), ("et", 0.5), ("ru", 0.35)),
    "XK": (("en", 0.4), ("de", 0.1), ("sr", 0.05)),
}
# Languages vacancies ask for: (language, share of vacancies, levels asked).
ASKED_LANGUAGES = {
    "EE": (("et", 0.55, ("B1", "B2", "C1")), ("en", 0.25, ("B1", "B2")), ("ru", 0.12, ("B1", "B2"))),
    "XK": (("sq", 0.6, ("B2", "C1")), ("en", 0.2, ("A2", "B1", "B2")), ("sr", 0.05, ("B1",))),
}
# Kinds of contract. Vacancies: (permanent, fixed-term, seasonal) weights; in Estonia most are
# permanent, in Kosovo most are fixed-term; farm work and elementary farm labour (ISCO 6, 921)
# are often seasonal. Jobseekers: which kinds they would take (most take any).
VACANCY_CONTRACTS = {"EE": (78, 17, 5), "XK": (28, 62, 10)}
SEASONAL_WORK_CONTRACTS = (20, 40, 40)
WANTED_CONTRACTS = {
    "EE": (
        (CONTRACTS, 62),
        (("permanent",), 25),
        (("permanent", "fixed_term"), 8),
        (("fixed_term", "seasonal"), 3),
        (("seasonal",), 2),
    ),
    "XK": (
        (CONTRACTS, 55),
        (("permanent",), 28),
        (("permanent", "fixed_term"), 13),
        (("fixed_term", "seasonal"), 3),
        (("seasonal",), 1),
    ),
}
LEVELS = ("A2", "B1", "B2", "C1")
DRIVERS = ("8321", "8322", "8331", "8332", "8341", "8342", "8343", "8344")


class _Weighted:
    """Draw from (item, weight) pairs in O(log n)."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _occupations(shares: dict[str, int]) -> _Weighted:
    codes = sorted(code for code in _isco_rows() if code[0] in shares)
    pairs = []
    for major, share in shares.items():
        group = [code for code in codes if code[0] == major]
        zipf = [1 / (rank + 1) for rank in range(len(group))]
        # Which are common: fixed per group, not by code order. Not security: a synthetic population.
        order = random.Random(major).sample(group, len(group))  # noqa: S311
        pairs += [(code, share * z / sum(zipf)) for code, z in zip(order, zipf, strict=True)]
    return _Weighted(pairs)


@dataclass
class Jobseeker:
    occupations: list[str]
    history: list[str]
    home: str
    preferred: list[str]
    remote: bool
    languages: list[tuple[str, str | None]]
    working_time: str
    available_from: dt.date | None
    wage_expectation: int | None
    driving_licence: str | None
    education_level: int
    social_assistance_category: str | None
    registered_on: dt.date
    contracts: tuple[str, ...] = CONTRACTS  # kinds of contract they would take


@dataclass
class Vacancy:
    occupation_code: str
    places: list[str]
    remote: str
    working_time: str
    start_date: dt.date | None
    wage_min: int
    wage_max: int
    education_level: int | None
    driving_licence: str | None
    languages: list[tuple[str, str]]
    contract: str = "permanent"
    hired: int | None = field(default=None)  # index of the jobseeker who took it (the evaluation)


class Country:
    def __init__(self, profile_code: str, seed: int, today: dt.date) -> None:
        self.code = profile_code.upper()
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data)
        self.today = today
        self.places = _Weighted(places.population(self.code))
        self.seeker_occupations = _occupations(JOBSEEKER_MAJOR)
        self.vacancy_occupations = _occupations(VACANCY_MAJOR)
        self.all_codes = sorted(_isco_rows())
        self.wage_scale = 1.0 if self.code == "EE" else 0.4
        # Contracts draw from a stream of their own, so that adding them left every other draw
        # (and the evaluation's earlier figures) as it was.
        self.contract_rng = random.Random(seed + 1)  # noqa: S311 (synthetic data)

    def _near(self, code: str) -> str:
        """Another unit group of the same minor (or else sub-major) group."""
        same = [c for c in self.all_codes if c[:3] == code[:3] and c != code] or [
            c for c in self.all_codes if c[:2] == code[:2] and c != code
        ]
        return self.rng.choice(same) if same else code

    def _county_neighbour(self, home: str) -> str:
        around = [c for c in places.counties_around(self.code, (home,)) if c != home]
        return self.rng.choice(around) if around else home

    def jobseeker(self) -> Jobseeker:
        rng = self.rng
        first = self.seeker_occupations.draw(rng)
        occupations = [first] + ([self._near(first)] if rng.random() < 0.35 else [])
        if rng.random() < 0.15:
            occupations.append(self.seeker_occupations.draw(rng))
        history = [first if rng.random() < 0.6 else self._near(first) for _ in range(rng.randint(0, 3))]
        home = self.places.draw(rng)
        preferred = [home] + ([self._county_neighbour(home)] if rng.random() < 0.3 else [])
        levels, weights = EDUCATION[first[0]]
        native = _Weighted(FIRST_LANGUAGES[self.code]).draw(rng)
        languages: list[tuple[str, str | None]] = [(native, "native")]
        for code, share in SECOND_LANGUAGES[self.code]:
            if code != native and rng.random() < share:
                languages.append((code, rng.choice((*LEVELS, None))))
        licence = "B" if rng.random() < 0.6 else None
        if first in DRIVERS:
            licence = rng.choice(("B,C", "B,C,CE", "B,D", "B"))
        return Jobseeker(
            occupations=list(dict.fromkeys(occupations)),
            history=history,
            home=home,
            preferred=list(dict.fromkeys(preferred)),
            remote=rng.random() < 0.15,
            languages=languages,
            working_time=rng.choices(("any", "full", "part"), (6, 3, 1))[0],
            available_from=None if rng.random() < 0.8 else self.today + dt.timedelta(days=rng.randint(1, 60)),
            wage_expectation=None
            if rng.random() < 0.4
            else round(WAGE[first[0]] * self.wage_scale * rng.uniform(0.8, 1.3), -1),
            driving_licence=licence,
            education_level=rng.choices(levels, weights)[0],
            social_assistance_category=(rng.choice(("I", "II", "II")) if rng.random() < 0.12 else None),
            registered_on=self.today - dt.timedelta(days=rng.randint(1, 700)),
            contracts=self._wanted_contracts(),
        )

    def _wanted_contracts(self) -> tuple[str, ...]:
        options = WANTED_CONTRACTS[self.code]
        return self.contract_rng.choices([kinds for kinds, _ in options], [w for _, w in options])[0]

    def _contract(self, code: str) -> str:
        weights = (
            SEASONAL_WORK_CONTRACTS if code[0] == "6" or code[:3] == "921" else VACANCY_CONTRACTS[self.code]
        )
        return self.contract_rng.choices(CONTRACTS, weights)[0]

    def vacancy(self, occupation: str | None = None, place: str | None = None) -> Vacancy:
        rng = self.rng
        code = occupation or self.vacancy_occupations.draw(rng)
        where = [place or self.places.draw(rng)]
        if rng.random() < 0.1:
            where.append(self.places.draw(rng))
        base = WAGE[code[0]] * self.wage_scale * rng.uniform(0.85, 1.2)
        levels, _ = EDUCATION[code[0]]
        asked = []
        for language, share, asked_levels in ASKED_LANGUAGES[self.code]:
            if rng.random() < share:
                asked.append((language, rng.choice(asked_levels)))
        return Vacancy(
            occupation_code=code,
            places=list(dict.fromkeys(where)),
            remote=rng.choices(("on_site", "hybrid", "remote"), (85, 12, 3))[0],
            working_time=rng.choices(("full", "part", "shifts"), (75, 15, 10))[0],
            start_date=None if rng.random() < 0.6 else self.today + dt.timedelta(days=rng.randint(7, 60)),
            wage_min=round(base, -1),
            wage_max=round(base * rng.uniform(1.05, 1.4), -1),
            education_level=None if rng.random() < 0.5 else min(levels),
            driving_licence=("B,C" if code in DRIVERS else "B")
            if code in DRIVERS or rng.random() < 0.15
            else None,
            languages=asked,
            contract=self._contract(code),
        )

    def next_job(self, person: Jobseeker, index: int) -> Vacancy:
        """The vacancy the person will take: how people are hired, not how we rank."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.6:
            occupation = rng.choice(person.occupations)
        elif roll < 0.75:
            occupation = self._near(rng.choice(person.occupations))
        elif roll < 0.85 and person.history:
            occupation = rng.choice(person.history)
        else:
            occupation = self.vacancy_occupations.draw(rng)
        roll = rng.random()
        if roll < 0.65:
            place = person.home
        elif roll < 0.8:
            place = self._county_neighbour(person.home)
        elif roll < 0.9:
            place = rng.choice(person.preferred)
        else:
            place = self.places.draw(rng)
        job = self.vacancy(occupation, place)
        # An employer hires someone who meets what the job asks (most of the time): the languages
        # at the level asked, the licence, the education, a working time and wage that suit them.
        if rng.random() < 0.85:
            spoken = dict(person.languages)
            job.languages = [
                (code, level)
                for code, level in job.languages
                if code in spoken
                and spoken[code] in ("native", *LEVELS[LEVELS.index(level) if level in LEVELS else 0 :])
            ]
            if job.driving_licence and not set(job.driving_licence.split(",")) <= set(
                (person.driving_licence or "").split(",")
            ):
                job.driving_licence = person.driving_licence
            if job.education_level is not None and job.education_level > person.education_level:
                job.education_level = person.education_level
            if person.working_time != "any":
                job.working_time = person.working_time
            if job.contract not in person.contracts:
                job.contract = self.contract_rng.choice(person.contracts)
            if person.wage_expectation is not None and job.wage_max < person.wage_expectation:
                job.wage_max = int(person.wage_expectation)
            if person.available_from is not None and (job.start_date or self.today) < person.available_from:
                job.start_date = person.available_from
        job.hired = index
        return job


def generate(
    profile_code: str, jobseekers: int, vacancies: int, *, seed: int, today: dt.date, hired_share: float = 0.2
) -> tuple[list[Jobseeker], Iterator[Vacancy]]:
    """`hired_share` of the vacancies are someone's next job; the rest are drawn at random."""
    country = Country(profile_code, seed, today)
    people = [country.jobseeker() for _ in range(jobseekers)]
    hires = min(int(vacancies * hired_share), jobseekers)
    hired = country.rng.sample(range(jobseekers), hires)

    def jobs() -> Iterator[Vacancy]:
        made = [country.next_job(people[index], index) for index in hired]
        made += [country.vacancy() for _ in range(vacancies - hires)]
        country.rng.shuffle(made)
        yield from made

    return people, jobs()
