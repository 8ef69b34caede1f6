"""Describes the environ it receives, wrapped in wsgiref's validator: any AssertionError is a host bug."""
import json
import sys
import warnings
from wsgiref.validate import WSGIWarning, validator

warnings.simplefilter('error', WSGIWarning)


def describe(environ, start_response):
    data = {key: value for key, value in environ.items() if isinstance(value, str) and not key.startswith('test.')}
    data['wsgi.version'] = list(environ['wsgi.version'])
    for key in ('wsgi.multithread', 'wsgi.multiprocess', 'wsgi.run_once', 'wsgi.input_terminated'):
        data[key] = environ[key]
    data['errors_is_stderr'] = environ['test.errors_is_stderr']
    data['file_wrapper'] = environ['wsgi.file_wrapper'].__name__
    data['input_type'] = environ['test.input_type']
    data['value_types'] = sorted({type(value).__name__ for key, value in environ.items() if not key.startswith(('wsgi.', 'test.'))})
    data['interned'] = all(sys.intern(key) is key for key in environ if key.isupper())
    data['type_is_dict'] = type(environ) is dict
    data['body'] = environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0)).decode('latin-1')
    body = json.dumps(data).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


validated = validator(describe)


def application(environ, start_response):
    "Notes what the validator is about to wrap, then lets it check everything."
    environ['test.errors_is_stderr'] = environ['wsgi.errors'] is sys.stderr
    environ['test.input_type'] = type(environ['wsgi.input']).__name__
    return validated(environ, start_response)
