"""The yardstick: a bare Flask app served by the same gunicorn configuration as the portal."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"
