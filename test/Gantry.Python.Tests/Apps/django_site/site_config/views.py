from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt


def hello(request):
    return HttpResponse('Hello from Django', content_type='text/plain')


@csrf_exempt
def echo(request):
    body = request.body
    return JsonResponse({
        'method': request.method,
        'path': request.path,
        'GET': {key: request.GET.getlist(key) for key in request.GET},
        'POST': {key: request.POST.getlist(key) for key in request.POST},
        'length': len(body),
        'secure': request.is_secure(),
    })


def stream(request):
    return StreamingHttpResponse((f'part {i}\n' for i in range(int(request.GET.get('count', 3)))), content_type='text/plain')
