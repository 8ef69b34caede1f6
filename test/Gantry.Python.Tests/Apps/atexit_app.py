"""Registers an atexit handler that proves Py_FinalizeEx ran it."""
import atexit
import sys


def goodbye():
    sys.stdout.write('atexit=ran\n')
    sys.stdout.flush()


atexit.register(goodbye)


def application(environ, start_response):
    start_response('200 OK', [])
    return [b'atexit registered']
