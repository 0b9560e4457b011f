"""The bare Flask floor: the same gunicorn configuration serving one trivial endpoint."""

from flask import Flask

app = Flask(__name__)


@app.route("/hello")
def hello() -> str:
    return "hello"
