"""Offers and answers, the counsellor's review of refusals, the SAS report, and shortlists.

    proposing.propose(person_ids, Subject(...), staff=..., profile=...)   # one or many persons
    answering.accept / refuse / apply                                    # the jobseeker
    review.confirm(refusal_id, staff=..., valid=..., reasoning=...)      # the counsellor
    shortlist.candidates / record_outcome / withdraw_consent             # the employer

See docs/offers.md for the states, the races and the rules per profile.
"""

from portal.services.offers.answering import AlreadyAnswered, ConsentMissing
from portal.services.offers.proposing import NotOpen, Subject, propose
from portal.services.offers.review import AlreadyReviewed

__all__ = ["AlreadyAnswered", "AlreadyReviewed", "ConsentMissing", "NotOpen", "Subject", "propose"]
