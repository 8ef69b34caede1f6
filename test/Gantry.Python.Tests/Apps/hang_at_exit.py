"""Starts a non-daemon thread that never ends: Py_FinalizeEx would wait for it forever."""
import threading

threading.Thread(target=threading.Event().wait, daemon=False).start()


def application(environ, start_response):
    start_response('200 OK', [])
    return [b'still here']
