from flask import render_template

from portal.web.backoffice import backoffice


@backoffice.get("/")
def home():
    return render_template("backoffice/home/page.html")
