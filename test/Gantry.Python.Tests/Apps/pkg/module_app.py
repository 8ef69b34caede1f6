"""Loaded by module name (module = pkg.module_app or pkg.module_app:app)."""


def application(environ, start_response):
    start_response('200 OK', [])
    return [b'module application']


def app(environ, start_response):
    start_response('200 OK', [])
    return [b'module app ' + __name__.encode()]
