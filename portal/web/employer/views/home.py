from flask import render_template

from portal.web.employer import employer


@employer.get("/")
def home():
    return render_template("employer/home/page.html")
