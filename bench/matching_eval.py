"""`make bench-matching-eval`: how often each generated person's actual next job is among the 10
vacancies matching recommends (recall@10), against a plain full-text baseline.

The generator (`services/matching/population.py`) decides each hire the way people are hired
(mostly their own or a related occupation, mostly near home), independently of the ranking's
weights; the evaluation holds that vacancy out of nothing (it is published like the others) and
asks both rankings for the person's top 10 among all published vacancies.

Baseline: BM25 over each vacancy's title and description (occupation title and place names in the
country's language), the query being the titles of the person's occupations and the name of their
home municipality: what a jobseeker typing into a search box would get.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select

from bench.pages import reset_database, settings
from portal import create_app
from portal.extensions import db
from portal.models import JobseekerProfile
from portal.models.vacancy import Vacancy
from portal.profiles import current_profile
from portal.services import matching, reference_data
from portal.services.matching.loading import load
from portal.services.reference_data import fold

WORD = re.compile(r"\w+")
K1, B = 1.2, 0.75


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


class FullText:
    """BM25 over the vacancies' title and description: a plain search engine's ranking."""

    def __init__(self, documents: dict[int, str]) -> None:
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        self.length: dict[int, int] = {}
        for doc_id, body in documents.items():
            words = _words(body)
            self.length[doc_id] = len(words)
            for word, count in Counter(words).items():
                self.postings[word][doc_id] = count
        self.average = sum(self.length.values()) / max(1, len(self.length))
        self.n = len(documents)

    def top(self, query: str, k: int) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for word in set(_words(query)):
            posting = self.postings.get(word, {})
            if not posting:
                continue
            idf = math.log(1 + (self.n - len(posting) + 0.5) / (len(posting) + 0.5))
            for doc_id, tf in posting.items():
                norm = tf + K1 * (1 - B + B * self.length[doc_id] / self.average)
                scores[doc_id] += idf * tf * (K1 + 1) / norm
        # Equal scores: the newer vacancy first, as the ranking does (higher id = older here).
        return sorted(scores, key=lambda doc_id: (-scores[doc_id], doc_id))[:k]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobseekers", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=500, help="hired people evaluated")
    parser.add_argument("--profile", default="EE")
    args = parser.parse_args(argv)

    instance = Path(tempfile.mkdtemp(prefix="pes-matching-eval-"))
    url = f"sqlite:///{instance / 'eval.sqlite3'}"
    reset_database(url)
    app = create_app({**settings(url), "PROFILE": args.profile})
    with app.test_request_context(headers={"Accept-Language": "en"}):
        profile = current_profile()
        language = profile.default_language
        loaded = load(profile.code, args.jobseekers, args.vacancies, seed=11, today=profile.today())
        documents = {
            row.id: f"{row.title} {row.description}"
            for row in db.session.execute(select(Vacancy.id, Vacancy.title, Vacancy.description))
        }
        baseline = FullText(documents)
        hired = sorted(loaded.outcomes.items())
        sample = random.Random(5).sample(hired, min(args.people, len(hired)))  # noqa: S311
        hits = {"ranking": 0, "baseline": 0}
        for person_id, vacancy_id in sample:
            ranked = [found.vacancy.id for found in matching.recommended_for(person_id, 10)]
            record = db.session.scalar(
                select(JobseekerProfile).where(JobseekerProfile.person_id == person_id)
            )
            titles = [
                o.title
                for code in record.occupation_codes
                if (o := reference_data.occupation(code, language))
            ]
            home = reference_data.municipality(profile.code, record.home_municipality or "", language)
            query = " ".join([*titles, home.name if home else ""])
            hits["ranking"] += vacancy_id in ranked
            hits["baseline"] += vacancy_id in baseline.top(query, 10)
            db.session.expunge_all()
    n = len(sample)
    result = {
        "profile": args.profile,
        "jobseekers": args.jobseekers,
        "vacancies": args.vacancies,
        "people": n,
        "recall_at_10_ranking": round(hits["ranking"] / n, 3),
        "recall_at_10_baseline": round(hits["baseline"] / n, 3),
    }
    print(json.dumps(result, indent=2))
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"matching-eval-{args.profile.lower()}.json").write_text(json.dumps(result, indent=2))
    return 0 if result["recall_at_10_ranking"] > result["recall_at_10_baseline"] else 1


if __name__ == "__main__":
    sys.exit(main())
