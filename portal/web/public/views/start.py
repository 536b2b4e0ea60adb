from flask import render_template

from portal.web.public import public


@public.get("/")
def start():
    return render_template("public/start/page.html")
