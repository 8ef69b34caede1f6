"""Imports modules from directories pythonpath added (lib_a, lib_b via a glob)."""
import helper_a
import helper_b


def application(environ, start_response):
    start_response('200 OK', [])
    return [helper_a.NAME, b', ', helper_b.NAME, b', ', __file__.encode()]
