from flask import render_template

from portal.services.registration.submit import pending_queue, review_requests
from portal.web.backoffice import backoffice


@backoffice.get("/")
def home():
    return render_template(
        "backoffice/home/page.html", pending_count=len(pending_queue()), review_count=len(review_requests())
    )
