"""A real Flask application (Debian's python3-flask) served through the host."""
from flask import Flask, Response, jsonify, request, stream_with_context

app = Flask(__name__)


@app.get('/')
def index():
    return 'Hello from Flask', 200, {'Content-Type': 'text/plain; charset=utf-8'}


@app.post('/form')
def form():
    files = {name: len(upload.read()) for name, upload in request.files.items()}
    return jsonify(fields=request.form.to_dict(flat=False), files=files, length=request.content_length)


@app.post('/json')
def echo_json():
    return jsonify(received=request.get_json(), scheme=request.scheme, host=request.host)


@app.get('/stream')
def stream():
    count = request.args.get('count', default=5, type=int)

    def generate():
        for i in range(count):
            yield f'{i}\n'
    return Response(stream_with_context(generate()), mimetype='text/plain')


@app.get('/boom')
def boom():
    raise RuntimeError('flask view failed')
