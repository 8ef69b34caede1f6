"""A small but realistic Flask app for Gantry's functional tests: sessions, cookies, JSON, redirects, uploads,
streaming, send_file (wsgi.file_wrapper) and static files. Run: gantry --chdir Apps/flaskshop --module shop:app"""
import hashlib
import os

from flask import (Flask, Response, abort, jsonify, redirect, request, send_file, session, stream_with_context,
                   url_for)

app = Flask(__name__)
app.secret_key = "functional-tests-only"
app.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024

ITEMS = {}
HERE = os.path.dirname(os.path.abspath(__file__))


@app.post("/login")
def login():
    name = request.form.get("name", "")
    if not name:
        return jsonify(error="name is required"), 400
    session["user"] = name
    return redirect(url_for("me"))


@app.get("/me")
def me():
    if "user" not in session:
        return redirect(url_for("login_page"))
    session["visits"] = session.get("visits", 0) + 1
    return jsonify(user=session["user"], visits=session["visits"])


@app.get("/login")
def login_page():
    return '<form method="post"><input name="name"><button>Log in</button></form>'


@app.post("/logout")
def logout():
    session.clear()
    return "", 204


@app.get("/cookies/set")
def set_cookie():
    response = jsonify(set=dict(request.args))
    for name, value in request.args.items():
        response.set_cookie(name, value, httponly=True)
    return response


@app.get("/cookies")
def cookies():
    return jsonify(dict(request.cookies))


@app.post("/api/items")
def create_item():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "name" not in payload:
        return jsonify(error="expected a JSON object with a name"), 422
    item_id = len(ITEMS) + 1
    ITEMS[item_id] = {"id": item_id, "name": payload["name"], "tags": payload.get("tags", [])}
    return jsonify(ITEMS[item_id]), 201, {"Location": url_for("get_item", item_id=item_id, _external=True)}


@app.get("/api/items/<int:item_id>")
def get_item(item_id):
    if item_id not in ITEMS:
        abort(404)
    return jsonify(ITEMS[item_id])


@app.errorhandler(404)
def not_found(error):
    if request.path.startswith("/api/"):
        return jsonify(error="not found", path=request.path), 404
    return "page not found\n", 404, {"Content-Type": "text/plain"}


@app.get("/old-place")
def old_place():
    return redirect(url_for("new_place", q=request.args.get("q", "")), code=301)


@app.get("/new-place")
def new_place():
    return "you arrived, q=" + request.args.get("q", "")


@app.post("/upload")
def upload():
    uploaded = request.files["document"]
    data = uploaded.read()
    return jsonify(filename=uploaded.filename, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                   note=request.form.get("note"))


@app.get("/stream")
def stream():
    count = int(request.args.get("n", "5"))

    def lines():
        for number in range(count):
            yield "line %d of %s\n" % (number, request.args.get("n", "5"))

    return Response(stream_with_context(lines()), mimetype="text/plain")


@app.get("/download")
def download():
    return send_file(os.path.join(HERE, "static", "hello.txt"), as_attachment=True, download_name="greeting.txt")


@app.get("/whoami")
def whoami():
    return jsonify(url=request.url, root=request.url_root, remote=request.remote_addr, scheme=request.scheme,
                   unicode_arg=request.args.get("u"))


@app.get("/crash")
def crash():
    raise ZeroDivisionError("flask-crash-marker")
