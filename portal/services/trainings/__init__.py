"""Trainings and labour-market measures: the back office's catalogue (`catalogue`) and the
jobseekers' requests to join a training with the counsellor's answer (`requests`).
Who may take part in a measure is `portal.services.eligibility`."""

from portal.services.trainings import catalogue, requests

__all__ = ["catalogue", "requests"]
