"""WSGI app for the master's functional tests: /pid answers the worker's pid, /sleep/N sleeps N seconds then answers the pid too."""
import os
import time


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/pid":
        body = str(os.getpid()).encode()
    elif path.startswith("/sleep/"):
        time.sleep(float(path[len("/sleep/"):]))
        body = str(os.getpid()).encode()
    else:
        body = b"hello"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
