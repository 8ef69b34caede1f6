"""The logging tests' app: every request prints a line naming the worker's pid, so the tests can find
print() output in the log file, and /pid answers that pid."""
import os


def application(environ, start_response):
    pid = os.getpid()
    print(f"log_app print from pid {pid}", flush=True)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(pid).encode()]
