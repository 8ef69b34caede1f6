"""A Flask app whose answer is an external URL it built: https:// only if the server said wsgi.url_scheme = https."""
from flask import Flask, url_for

app = Flask(__name__)


@app.route("/where")
def where():
    return url_for("where", _external=True)
