"""Which recommended vacancies a page last showed a person (`services/matching/cards.py`).

Only a hint of what to read: a page of recommended cards reads the person's record together with
the cards of these vacancies in one statement, and keeps them when the ranking still gives the same
vacancies; otherwise it reads the ranking's and writes these rows anew. In the database, not in a
worker's memory: a person's data is not kept in a process, and every worker and instance reads the
same hint. The rows go with the person or the vacancy.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class RecommendationShown(Base):
    __tablename__ = "recommendation_shown"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    # How many cards the page shows (the home's 3, the case view's 5): each list its own rows.
    list_size: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True, index=True
    )
