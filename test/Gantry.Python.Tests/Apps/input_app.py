"""Reads wsgi.input the way PATH_INFO names and answers the pieces as a JSON list of latin-1 strings."""
import json


def application(environ, start_response):
    stream = environ['wsgi.input']
    operation = environ['PATH_INFO']
    number = int(environ['QUERY_STRING'] or 0)
    parts = []
    if operation == '/read':
        parts.append(stream.read())
    elif operation == '/read-none':
        parts.append(stream.read(None))
    elif operation == '/read-sized':
        while True:
            chunk = stream.read(number)
            if not chunk:
                break
            parts.append(chunk)
    elif operation == '/readline':
        while True:
            line = stream.readline()
            if not line:
                break
            parts.append(line)
    elif operation == '/readline-sized':
        while True:
            line = stream.readline(number)
            if not line:
                break
            parts.append(line)
    elif operation == '/readlines':
        parts = stream.readlines()
    elif operation == '/readlines-hint':
        parts = stream.readlines(number)
    elif operation == '/iterate':
        parts = list(stream)
    elif operation == '/read-after-end':
        stream.read()
        parts = [stream.read(), stream.read(10), stream.readline()]
    body = json.dumps([part.decode('latin-1') for part in parts]).encode()
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


kept = []


def keep_input(environ, start_response):
    "Keeps wsgi.input for a later request, which then reads it after its own request ended."
    if environ['PATH_INFO'] == '/keep':
        kept.append(environ['wsgi.input'])
        start_response('200 OK', [])
        return [b'kept']
    try:
        kept[-1].read()
        outcome = b'read worked'
    except RuntimeError as error:
        outcome = str(error).encode()
    start_response('200 OK', [])
    return [outcome]
