"""A stdlib-only WSGI app for the Python version tests: reports the interpreter it runs in and exercises modules
with C extensions (json, hashlib, sqlite3, zlib, ssl, decimal), whose loading depends on the embedding being right."""
import decimal
import hashlib
import json
import sqlite3
import ssl
import sys
import sysconfig
import zlib
from wsgiref.validate import validator


def app(environ, start_response):
    connection = sqlite3.connect(":memory:")
    connection.execute("create table t (v text)")
    connection.execute("insert into t values (?)", ("sqlite ok",))
    row = connection.execute("select v from t").fetchone()[0]
    connection.close()
    body = json.dumps({
        "version": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "prefix": sys.prefix,
        "sqlite": row,
        "sha1": hashlib.sha1(b"gantry").hexdigest(),
        "zlib": len(zlib.compress(b"a" * 1000)) < 100,
        "ssl": ssl.OPENSSL_VERSION.split()[0],
        "decimal": str(decimal.Decimal("1.1") + decimal.Decimal("2.2")),
        "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "path_info": environ["PATH_INFO"],
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


application = validator(app)
