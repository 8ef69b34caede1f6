"""WSGI app for the master's functional tests: /pid answers the worker's pid, /sleep/N sleeps N seconds then answers the pid too, /raise raises, /gc makes 1000 reference
cycles and answers what gc.collect() freed."""
import gc
import os
import time


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/pid":
        body = str(os.getpid()).encode()
    elif path == "/gc":
        gc.disable()  # every cycle waits for the one full collection below
        try:
            for _ in range(1000):
                cycle = []
                cycle.append(cycle)
            del cycle
            body = str(gc.collect()).encode()
        finally:
            gc.enable()
    elif path == "/raise":
        raise RuntimeError("master_app raised on purpose")
    elif path.startswith("/sleep/"):
        time.sleep(float(path[len("/sleep/"):]))
        body = str(os.getpid()).encode()
    else:
        body = b"hello"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
