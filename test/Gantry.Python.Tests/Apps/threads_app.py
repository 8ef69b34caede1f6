"""Starts a thread of its own; /ticks reports how far it got (it only runs while the loop releases the GIL)."""
import threading
import time

ticks = {'count': 0}
stop = threading.Event()


def tick():
    while not stop.is_set():
        ticks['count'] += 1
        time.sleep(0.001)


worker = threading.Thread(target=tick, daemon=True)


def application(environ, start_response):
    if environ['PATH_INFO'] == '/start' and not worker.is_alive():
        worker.start()
    if environ['PATH_INFO'] == '/stop':
        stop.set()
        worker.join()
    start_response('200 OK', [])
    return [str(ticks['count']).encode()]
