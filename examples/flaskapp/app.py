"""A small Flask app for Gantry.

Run it:  ./gantry --http :9090 --chdir examples/flaskapp --module app:app
Routes:
  GET  /              plain text greeting
  GET  /hello/<name>  greeting with a path parameter
  GET  /json          JSON describing the request (method, path, query, headers it saw)
  GET  /form          an HTML form that POSTs to /form
  POST /form          echoes the submitted fields as JSON (application/x-www-form-urlencoded or multipart)
"""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/")
def index():
    return "Hello from Flask on Gantry\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/hello/<name>")
def hello(name):
    return f"Hello, {name}!\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/json")
def describe():
    return jsonify(
        method=request.method,
        path=request.path,
        query=request.args.to_dict(flat=False),
        host=request.host,
        scheme=request.scheme,
        user_agent=request.headers.get("User-Agent"),
    )


FORM_PAGE = """<!doctype html>
<title>Gantry form</title>
<form method="post" action="/form">
  <label>Name <input name="name" value="Ada"></label>
  <label>Language <input name="language" value="Python"></label>
  <button type="submit">Send</button>
</form>
"""


@app.get("/form")
def form_page():
    return FORM_PAGE


@app.post("/form")
def form_submit():
    fields = request.form.to_dict(flat=False)
    files = {name: len(f.read()) for name, f in request.files.items()}
    return jsonify(fields=fields, file_sizes=files, content_length=request.content_length)
