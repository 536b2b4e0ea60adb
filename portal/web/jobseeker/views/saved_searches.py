"""A jobseeker's saved searches: save one from `/jobs`, list them, switch alerts, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.catalog import gettext
from portal.models import EntryKind, SavedSearch
from portal.profiles import current_profile
from portal.services.search import saved
from portal.web.jobseeker import jobseeker
from portal.web.records import load_owned
from portal.web.search import presenter


@jobseeker.get("/saved-searches", endpoint="saved_searches")
def saved_searches():
    searches = saved.saved_searches(current_user.person_id)
    rows = [
        {
            "search": item,
            "href": url_for(presenter.ENDPOINTS[EntryKind(item.kind)], **item.query),
            "summary": presenter.describe(item.query, current_profile().code),
        }
        for item in searches
    ]
    return render_template("jobseeker/saved_searches/page.html", rows=rows)


@jobseeker.post("/saved-searches", endpoint="save_search")
def save_search():
    query = presenter.parse(EntryKind.VACANCY, request.form, current_profile().code)
    try:
        saved.save_search(current_user.person_id, EntryKind.VACANCY, query)
    except saved.TooManySavedSearches:
        flash(
            gettext(
                "You already keep %(num)d saved searches. Delete one to save another.",
                num=saved.MAX_SAVED_SEARCHES,
            ),
            "saved-search",
        )
    else:
        flash(gettext("Search saved. We will e-mail you when new vacancies match it."), "saved-search")
    return redirect(url_for("jobseeker.saved_searches"), code=303)


@jobseeker.post("/saved-searches/<int:search_id>/alerts", endpoint="saved_search_alerts")
def saved_search_alerts(search_id: int):
    item = load_owned(SavedSearch, search_id)
    saved.set_alerts(item, request.form.get("alerts") == "on")
    return redirect(url_for("jobseeker.saved_searches"), code=303)


@jobseeker.post("/saved-searches/<int:search_id>/delete", endpoint="delete_saved_search")
def delete_saved_search(search_id: int):
    saved.delete_search(load_owned(SavedSearch, search_id))
    flash(gettext("Saved search deleted."), "saved-search")
    return redirect(url_for("jobseeker.saved_searches"), code=303)
