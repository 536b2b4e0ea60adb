"""The synthetic population's working lives: education, employment spells and pay, social
assistance, and the health insurance the fund derives from them. A part of the population builder
(`population._Builder`), kept apart so that each file tells one story."""

from __future__ import annotations

import datetime as dt
import random

from portal.simulators.registers import names, work_words
from portal.simulators.registers.model import (
    PENSION_AGE,
    Beneficiary,
    Certificate,
    Company,
    Coverage,
    Employment,
    PayCheck,
    Person,
    Qualification,
    age_on,
    month_end,
    month_index,
    month_start,
)


class Careers:
    """Education, work and benefits of the generated people; the builder supplies the state."""

    profile: str
    today: dt.date
    rng: random.Random
    wage_scale: float
    persons: dict[str, Person]
    households: list[tuple[list[str], names.Municipality]]
    _active_companies: list[Company]
    _all_companies: list[Company]

    # ----------------------------------------------------------------- education
    def _education(self, person: Person) -> None:
        rng = self.rng
        age = age_on(person.born, self.today)
        if age >= 18 and rng.random() < 0.05:
            person.qualifications = None  # educated abroad: unknown to the register
            return
        institutions = work_words.INSTITUTIONS[self.profile]
        records: list[Qualification] = []

        def add(level: int, at_age: int, field: tuple[str, str]) -> None:
            year = person.born.year + at_age
            completed = dt.date(year, 6, rng.randint(10, 28))
            if completed >= self.today:
                return
            title = work_words.LEVEL_TITLES[level]
            if level >= 3:
                title = f"{title} ({field[1]})"
            number = f"{work_words.DOCUMENT_PREFIX[level]}-{rng.randrange(10**6):06d}"
            institution = rng.choice(institutions[level])
            records.append(Qualification(level, field[0], title, institution, completed, number))

        general = work_words.FIELDS[0]
        if age >= 16:
            add(2, 16, general)
        if age >= 19 and rng.random() < 0.85:
            vocational = rng.random() < 0.35
            add(4 if vocational else 3, 19, rng.choice(work_words.FIELDS) if vocational else general)
            if not vocational and age >= 22 and rng.random() < 0.45:
                field = rng.choice(work_words.FIELDS[1:])
                add(6, 22, field)
                if age >= 24 and rng.random() < 0.4:
                    add(7, 24, field)
                    if age >= 29 and rng.random() < 0.05:
                        add(8, 29, field)
            elif vocational and age >= 23 and rng.random() < 0.15:
                add(5, 23, rng.choice(work_words.FIELDS[1:]))
        records.sort(key=lambda q: q.completed_on, reverse=True)
        person.qualifications = records
        if age >= 20 and rng.random() < 0.12:
            isco, title, _ = rng.choice(work_words.OCCUPATIONS)
            issued = self.today - dt.timedelta(days=rng.randrange(30, 12 * 365))
            valid = issued + dt.timedelta(days=5 * 365) if rng.random() < 0.5 else None
            level = rng.randint(2, 6) if rng.random() < 0.7 else None
            person.certificates = [
                Certificate(
                    title,
                    isco,
                    level,
                    issued,
                    valid,
                    rng.choice(work_words.CERTIFICATE_ISSUERS[self.profile]),
                )
            ]

    # ----------------------------------------------------------------- employment
    def wage(self, base_euros: int, part_time: bool) -> int:
        cents = int(base_euros * 100 * self.wage_scale * self.rng.uniform(0.8, 1.35))
        if part_time:
            cents //= 2
        return cents - cents % 100 if self.rng.random() < 0.5 else cents

    def _employment(self, person: Person) -> None:
        rng = self.rng
        if rng.random() < 0.01:
            person.employments = None  # unknown to the tax board's employment register
            return
        age = age_on(person.born, self.today)
        if person.died is not None or age < 18 or (age >= PENSION_AGE and rng.random() < 0.85):
            return
        now = month_index(self.today)
        adult_from = month_index(person.born) + 18 * 12 + 1
        state = rng.random()
        if state < 0.05:
            return  # never employed
        highest = max((q.isced_level for q in person.qualifications or ()), default=2)
        if state < 0.62:
            end_month = None
        elif state < 0.87:
            end_month = now - rng.randint(1, 24)
        else:
            end_month = now - rng.randint(25, 120)
        spells: list[Employment] = []
        while len(spells) < 4:
            last = end_month if end_month is not None else now
            start_month = last - rng.randint(3, 150)
            if start_month < adult_from:
                start_month = adult_from
                if start_month > last:
                    break
            spells.append(self._spell(start_month, end_month, highest))
            if rng.random() < 0.5 or start_month == adult_from:
                break
            end_month = start_month - rng.randint(1, 8)
            if end_month <= adult_from:
                break
        person.employments = spells  # already newest first
        # Now and then a first pay check arrives before the new employment is registered.
        if (not spells or not spells[0].active) and rng.random() < 0.03:
            company = rng.choice(self._active_companies)
            person.pay_checks.append(PayCheck(now - 1, company.code, self.wage(1500, part_time=False)))

    def _spell(self, start_month: int, end_month: int | None, highest_level: int) -> Employment:
        rng = self.rng
        skilled = highest_level >= 6 and rng.random() < 0.8
        pool = [o for o in work_words.OCCUPATIONS if (o[0][0] in "123") == skilled]
        isco, title, base = rng.choice(pool)
        part = rng.random() < 0.12
        start = month_start(start_month) + dt.timedelta(days=0 if rng.random() < 0.6 else rng.randrange(27))
        if end_month is None:
            company = rng.choice(self._active_companies)
            end = None
        else:
            company = rng.choice(self._all_companies)
            end = month_end(end_month)
        wage = self.wage(base, part)
        final = int(wage * rng.uniform(1.1, 1.6)) if end is not None and rng.random() < 0.6 else None
        return Employment(company.code, isco, title, start, end, "PART" if part else "FULL", wage, final)

    # ----------------------------------------------------------------- social assistance
    def _social_assistance(self, persona_codes: set[str]) -> None:
        rng = self.rng
        counter = 4000
        for codes, municipality in self.households:
            if rng.random() >= 0.07 or persona_codes.intersection(codes):
                continue
            members = [self.persons[c] for c in codes]
            if any(m.died or any(e.active for e in m.employments or ()) for m in members):
                continue
            adults = [m for m in members if age_on(m.born, self.today) >= 18]
            if not adults:
                continue
            able = [a for a in adults if age_on(a.born, self.today) < PENSION_AGE]
            category = "II" if able and rng.random() < 0.85 else "I"
            status = rng.choices(("ACTIVE", "SUSPENDED", "ENDED"), (82, 8, 10))[0]
            counter += rng.randint(1, 9)
            since = month_start(month_index(self.today) - rng.randint(0, 60))
            amount = self.assistance_amount(category, len(members)) if status == "ACTIVE" else 0
            for adult in adults:
                adult.beneficiary = Beneficiary(
                    status,
                    category,
                    self.assistance_scheme(),
                    since,
                    f"HH-{municipality.code}-{counter:07d}",
                    len(members),
                    self.assistance_office(municipality),
                    amount,
                )

    def assistance_scheme(self) -> str:
        return "Toimetulekutoetus" if self.profile == "EE" else "Social Assistance Scheme"

    def assistance_office(self, municipality: names.Municipality) -> str:
        if self.profile == "EE":
            return f"{municipality.name}, sotsiaalhoolekande osakond"
        return f"Qendra për Punë Sociale {municipality.name}"

    def assistance_amount(self, category: str, size: int) -> int:
        if self.profile == "EE":
            return (250 + 160 * (size - 1) + (60 if category == "I" else 0)) * 100
        return min(150, (50 if category == "II" else 80) + 25 * (size - 1)) * 100


def derive_coverage(person: Person, today: dt.date) -> Coverage:
    """Health insurance on the bases the fund derives itself (PES notifications come on top)."""
    if person.died is not None:
        return Coverage(None)
    employments = person.employments or []
    if any(e.active for e in employments):
        return Coverage("EMPLOYMENT")
    ended = [e.end for e in employments if e.end is not None]
    if ended:
        # Coverage runs on for two months after the employment ends.
        runs_until = month_end(month_index(max(ended)) + 2)
        if runs_until >= today:
            return Coverage("EMPLOYMENT", runs_until)
    age = age_on(person.born, today)
    if age >= PENSION_AGE:
        return Coverage("PENSIONER")
    if age < 19:
        return Coverage("STUDENT" if age >= 7 else "OTHER")
    if person.beneficiary is not None and person.beneficiary.status == "ACTIVE":
        return Coverage("OTHER")
    # Stable per person (not drawn from the generator's stream): some young adults are students.
    if age < 25 and int(person.code[-3:]) % 3 == 0:
        return Coverage("STUDENT")
    return Coverage(None)
