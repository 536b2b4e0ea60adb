"""A deterministic synthetic population for the register simulators.

Dates, and why two clocks:
- Who people are (codes, names, births, families, residences, education, companies) depends only on
  the profile and the seed; ages are drawn against the fixed `BIRTH_ANCHOR`, so a personal code seen
  yesterday still names the same person today.
- What is happening *now* (employment spells, pay checks, benefits, insurance) is placed relative to
  `today`, the day the population is generated for (UTC by default). "Employment ended two months ago"
  or "paid only last month" therefore stays true on any date. `population()` caches per
  (profile, seed, today), so a long-running simulator rolls over at midnight.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Sequence

from portal.simulators.national_ids import estonian_code, kosovo_code
from portal.simulators.registers import names, work_words
from portal.simulators.registers.careers import Careers, derive_coverage
from portal.simulators.registers.model import (
    Company,
    Person,
    Population,
    Residence,
    age_on,
)
from portal.simulators.registers.personas import install as install_personas
from portal.simulators.registers.personas import reserved_company_codes

BIRTH_ANCHOR = dt.date(2026, 7, 1)
TARGET_SIZE = {"EE": 6000, "XK": 5400}
COMPANY_COUNT = {"EE": 700, "XK": 500}
PROFILES = ("EE", "XK")
_RELATION_ORDER = {"SPOUSE": 0, "CHILD": 1, "PARENT": 2}


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@functools.lru_cache(maxsize=8)
def population(profile: str, seed: int, today: dt.date) -> Population:
    """The population of `profile` for `seed` as it stands on `today` (cached; treat as read-only)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    return _Builder(profile, seed, today).build()


class _Builder(Careers):
    def __init__(self, profile: str, seed: int, today: dt.date) -> None:
        self.profile = profile
        self.seed = seed
        self.today = today
        # Not for security: reproducible test data. A string seed is hashed with SHA-512, stable
        # across processes (unlike hash()).
        self.rng = random.Random(f"{profile}:{seed}")  # noqa: S311
        self.persons: dict[str, Person] = {}
        self.companies: dict[str, Company] = {}
        self.households: list[tuple[list[str], names.Municipality]] = []
        self.municipalities = names.EE_MUNICIPALITIES if profile == "EE" else names.XK_MUNICIPALITIES
        self._municipality_weights = [m.weight for m in self.municipalities]
        self._xk_serial = self.rng.randrange(10**8)
        self.wage_scale = 1.0 if profile == "EE" else 0.32

    # ----------------------------------------------------------------- top level
    def build(self) -> Population:
        persona_companies = reserved_company_codes(self.profile)
        self._companies(COMPANY_COUNT[self.profile], reserved=persona_companies)
        install_personas(self)
        persona_codes = set(self.persons)
        self._households(TARGET_SIZE[self.profile])
        generated = [p for code, p in self.persons.items() if code not in persona_codes]
        for person in generated:
            self._education(person)
            self._employment(person)
            if self.rng.random() < 0.02:
                person.coverage = None  # unknown to the health insurance fund (e.g. lived abroad)
        self._representatives(generated)
        self._social_assistance(persona_codes)
        for person in self.persons.values():
            person.family.sort(key=lambda rel: (_RELATION_ORDER[rel[0]], self.persons[rel[1]].born))
            if person.coverage is not None and person.coverage.basis is None:
                person.coverage = derive_coverage(person, self.today)
        result = Population(
            profile=self.profile,
            seed=self.seed,
            today=self.today,
            currency="EUR",
            persons=self.persons,
            companies=self.companies,
        )
        result.index_representations()
        return result

    # ----------------------------------------------------------------- helpers used by personas too
    def add_person(
        self,
        code: str,
        given: str,
        family: str,
        born: dt.date,
        sex: str,
        *,
        citizenship: str | None = None,
        residence: Residence | None = None,
    ) -> Person:
        if code in self.persons:
            raise ValueError("duplicate personal code in the simulated population")
        person = Person(
            code=code,
            given_names=given,
            family_name=family,
            born=born,
            sex=sex,
            citizenship=citizenship or self.profile,
            residence=residence,
        )
        self.persons[code] = person
        return person

    def link(self, parent_or_spouse: Person, other: Person, relation: str) -> None:
        """`relation` is what `other` is to the first person: SPOUSE, or CHILD (then the reverse is PARENT)."""
        parent_or_spouse.family.append((relation, other.code))
        other.family.append(("SPOUSE" if relation == "SPOUSE" else "PARENT", parent_or_spouse.code))

    def add_company(
        self,
        code: str,
        name: str,
        legal_form: str,
        nace: tuple[str, str],
        founded: dt.date,
        municipality: names.Municipality,
        address: str,
        status: str = "ACTIVE",
    ) -> Company:
        company = Company(
            code=code,
            name=name,
            legal_form=legal_form,
            status=status,
            address=address,
            municipality_code=municipality.code,
            nace_code=nace[0],
            nace_title=nace[1],
            founded_on=founded,
        )
        self.companies[code] = company
        return company

    def municipality(self, code: str) -> names.Municipality:
        return next(m for m in self.municipalities if m.code == code)

    def new_code(self, born: dt.date, female: bool) -> str:
        if self.profile == "EE":
            while True:
                code = estonian_code(born, female, self.rng.randrange(1, 1000))
                if code not in self.persons:
                    return code
        while True:
            self._xk_serial = (self._xk_serial + 1) % 10**9
            code = kosovo_code(self._xk_serial)
            if code not in self.persons:
                return code

    def address(self, municipality: names.Municipality, rng: random.Random | None = None) -> tuple[str, str]:
        """(address line, postal code) in the register's own format."""
        rng = rng or self.rng
        number = rng.randint(1, 120)
        if self.profile == "EE":
            street = rng.choice(names.EE_STREETS)
            flat = f"-{rng.randint(1, 80)}" if rng.random() < 0.7 else ""
            parts = [municipality.county, municipality.name]
            if municipality.districts:
                parts.append(f"{rng.choice(municipality.districts)} linnaosa")
            parts.append(f"{street} {number}{flat}")
            return ", ".join(parts), f"{municipality.postal_prefix}{rng.randint(0, 9999):04d}"
        street = rng.choice(names.XK_STREETS)
        postal = f"{municipality.postal_prefix}000"
        return f"{street} {number}, {postal} {municipality.name}", postal

    # ----------------------------------------------------------------- companies
    def _companies(self, count: int, reserved: set[str]) -> None:
        rng = self.rng
        words = work_words.COMPANY_WORDS[self.profile]
        forms, form_weights = zip(*work_words.LEGAL_FORMS[self.profile], strict=True)
        taken_names: set[str] = set()
        while len(self.companies) < count:
            if self.profile == "EE":
                code = f"1{rng.randrange(10**7):07d}"
            else:
                code = f"81{rng.randrange(10**7):07d}"
            if code in self.companies or code in reserved:
                continue
            trade = rng.choice(work_words.COMPANY_TRADES)
            word = rng.choice(words)
            legal_form = rng.choices(forms, form_weights)[0]
            base = f"{word} {trade[0]}" if self.profile == "EE" else f"{word} {trade[1]}"
            name, n = base, 2
            while name in taken_names:
                name, n = f"{base} {n}", n + 1
            taken_names.add(name)
            municipality = rng.choices(self.municipalities, self._municipality_weights)[0]
            address, _ = self.address(municipality)
            status = rng.choices(("ACTIVE", "IN_LIQUIDATION", "DELETED"), (90, 4, 6))[0]
            founded = dt.date(1993, 1, 1) + dt.timedelta(days=rng.randrange(32 * 365))
            self.add_company(
                code, f"{name} {legal_form}", legal_form, trade[2:], founded, municipality, address, status
            )
        self._active_companies = [c for c in self.companies.values() if c.status == "ACTIVE"]
        self._all_companies = list(self.companies.values())

    def _representatives(self, generated: Sequence[Person]) -> None:
        rng = self.rng
        candidates = [p for p in generated if p.died is None and 25 <= age_on(p.born, self.today) <= 75]
        for company in self.companies.values():
            if company.representatives:
                continue  # a persona company, set up explicitly
            board = rng.sample(candidates, 1 if rng.random() < 0.65 else 2)
            for member in board:
                company.representatives.append((member.code, "BOARD_MEMBER", len(board) == 1))
            if rng.random() < 0.7:
                owner = board[0] if rng.random() < 0.7 else rng.choice(candidates)
                company.representatives.append((owner.code, "OWNER", False))
            if rng.random() < 0.1:
                company.representatives.append((rng.choice(candidates).code, "PROCURATOR", False))

    # ----------------------------------------------------------------- people and households
    def _nameset(self) -> names.NameSet:
        if self.profile == "EE":
            return names.EE_RUSSIAN if self.rng.random() < 0.22 else names.EE_ESTONIAN
        return names.XK_SERBIAN if self.rng.random() < 0.1 else names.XK_ALBANIAN

    def _citizenship(self, nameset: names.NameSet) -> str:
        if nameset is names.EE_RUSSIAN:
            return self.rng.choices(("EE", "RU", "XX"), (55, 30, 15))[0]
        if nameset is names.XK_SERBIAN:
            return self.rng.choices(("XK", "RS"), (70, 30))[0]
        return self.profile

    def _born(self, min_age: int, max_age: int) -> dt.date:
        latest = BIRTH_ANCHOR.toordinal() - min_age * 365
        return dt.date.fromordinal(latest - self.rng.randrange((max_age - min_age) * 365 + 1))

    def _given(self, nameset: names.NameSet, female: bool) -> str:
        pool = nameset.female if female else nameset.male
        first = self.rng.choice(pool)
        if nameset in (names.EE_ESTONIAN, names.XK_SERBIAN) and self.rng.random() < 0.06:
            second = self.rng.choice(pool)
            if second != first:
                return f"{first} {second}"
        return first

    def _family_form(self, family: str, nameset: names.NameSet, female: bool) -> str:
        return family + nameset.feminine_suffix if female and nameset.feminine_suffix else family

    def _member(
        self,
        nameset: names.NameSet,
        family: str,
        female: bool,
        ages: tuple[int, int],
        residence: Residence,
        citizenship: str,
    ) -> Person:
        born = self._born(*ages)
        return self.add_person(
            self.new_code(born, female),
            self._given(nameset, female),
            self._family_form(family, nameset, female),
            born,
            "F" if female else "M",
            citizenship=citizenship,
            residence=residence,
        )

    def _residence(self, municipality: names.Municipality) -> Residence:
        address, postal = self.address(municipality)
        since = BIRTH_ANCHOR - dt.timedelta(days=self.rng.randrange(30, 25 * 365))
        return Residence(address, municipality.code, municipality.name, postal, since)

    def _households(self, target: int) -> None:
        rng = self.rng
        while len(self.persons) < target:
            municipality = rng.choices(self.municipalities, self._municipality_weights)[0]
            residence = self._residence(municipality)
            nameset = self._nameset()
            citizenship = self._citizenship(nameset)
            family = rng.choice(nameset.family)
            kind = rng.random()
            members: list[Person] = []
            if kind < 0.30:  # one adult
                female = rng.random() < 0.5
                person = self._member(nameset, family, female, (18, 88), residence, citizenship)
                members.append(person)
                if age_on(person.born, BIRTH_ANCHOR) >= 70 and rng.random() < 0.08:
                    # Deceased persons keep no residence or family in the register (as the contract shows).
                    person.died = self.today - dt.timedelta(days=rng.randrange(20, 3 * 365))
                    person.residence = None
            else:
                with_children = kind < 0.85
                couple = kind < 0.75 or kind >= 0.85
                older = kind >= 0.93
                ages = (62, 88) if older else (22, 60)
                adults: list[Person] = []
                father = self._member(nameset, family, False, ages, residence, citizenship)
                adults.append(father)
                if couple:
                    own_name = family if rng.random() < 0.75 else rng.choice(nameset.family)
                    mother = self._member(nameset, own_name, True, ages, residence, citizenship)
                    adults.append(mother)
                    self.link(father, mother, "SPOUSE")
                elif rng.random() < 0.7:  # single parents are mostly mothers
                    father.sex = "F"
                    father.code = self._recode(father, female=True)
                    father.given_names = self._given(nameset, True)
                    father.family_name = self._family_form(family, nameset, True)
                members.extend(adults)
                if with_children and not older:
                    youngest_parent = min(age_on(a.born, BIRTH_ANCHOR) for a in adults)
                    for _ in range(rng.choice((1, 1, 2, 2, 3))):
                        top = max(0, min(youngest_parent - 20, 25))
                        female = rng.random() < 0.5
                        child = self._member(nameset, family, female, (0, top), residence, citizenship)
                        for adult in adults:
                            self.link(adult, child, "CHILD")
                        members.append(child)
                    if rng.random() < 0.3:  # a grandparent living elsewhere
                        self._grandparent(adults[0], nameset, family)
            self.households.append(([m.code for m in members], municipality))

    def _recode(self, person: Person, female: bool) -> str:
        del self.persons[person.code]
        code = self.new_code(person.born, female)
        self.persons[code] = person
        return code

    def _grandparent(self, adult: Person, nameset: names.NameSet, family: str) -> None:
        adult_age = age_on(adult.born, BIRTH_ANCHOR)
        female = self.rng.random() < 0.6  # women live longer
        lo, hi = adult_age + 20, min(adult_age + 38, 95)
        if lo > hi:
            return
        municipality = self.rng.choices(self.municipalities, self._municipality_weights)[0]
        parent = self._member(
            nameset, family, female, (lo, hi), self._residence(municipality), adult.citizenship
        )
        self.link(parent, adult, "CHILD")
        self.households.append(([parent.code], municipality))
