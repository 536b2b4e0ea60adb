from flask import render_template

from portal.web.jobseeker import jobseeker


@jobseeker.get("/")
def home():
    return render_template("jobseeker/home/page.html")
