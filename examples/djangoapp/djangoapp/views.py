from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt


def hello(request):
    return HttpResponse("Hello from Django on Gantry\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
def echo(request, rest=""):
    """Echoes what Django saw of the request: method, path, query string values and the body."""
    body = request.body
    return JsonResponse(
        {
            "method": request.method,
            "path": request.path,
            "GET": {key: request.GET.getlist(key) for key in request.GET},
            "body": body.decode("utf-8", errors="replace"),
            "body_length": len(body),
            "content_type": request.content_type,
        },
        json_dumps_params={"indent": None},
    )
