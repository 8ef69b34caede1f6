"""The app MountThroughNginxTests mounts at /app beside interop_app.py: says who it is and what path it got."""
import json


def application(environ, start_response):
    body = json.dumps({"app": "mounted", "SCRIPT_NAME": environ["SCRIPT_NAME"], "PATH_INFO": environ["PATH_INFO"]}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
