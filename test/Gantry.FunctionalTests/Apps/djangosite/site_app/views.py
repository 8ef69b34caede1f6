import hashlib
import json
import os

from django.http import (FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse,
                         StreamingHttpResponse)
from django.middleware.csrf import get_token
from django.views.decorators.csrf import csrf_exempt


def home(request):
    return HttpResponse("Django site home\n", content_type="text/plain; charset=utf-8")


def form(request):
    """GET renders a form with the CSRF token; POST (token required) echoes the field."""
    if request.method == "POST":
        return JsonResponse({"comment": request.POST.get("comment", "")})
    token = get_token(request)
    page = ('<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="%s">'
            '<input name="comment"></form>' % token)
    return HttpResponse(page)


@csrf_exempt
def api_echo(request):
    if request.method != "POST":
        return JsonResponse({"error": "POST only"}, status=405)
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    return JsonResponse({"received": payload, "content_type": request.content_type, "length": len(request.body)})


def session_count(request):
    request.session["count"] = request.session.get("count", 0) + 1
    return JsonResponse({"count": request.session["count"]})


def go(request):
    return HttpResponseRedirect("/?from=" + request.GET.get("from", "go"))


def stream(request):
    count = int(request.GET.get("n", "10"))
    return StreamingHttpResponse(("chunk %d\n" % number for number in range(count)), content_type="text/plain")


def file(request):
    # The test writes the file and names it with --env SITE_PAYLOAD=...
    return FileResponse(open(os.environ["SITE_PAYLOAD"], "rb"), content_type="application/octet-stream")


@csrf_exempt
def upload(request):
    uploaded = request.FILES["document"]
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return JsonResponse({"name": uploaded.name, "size": uploaded.size, "sha256": digest.hexdigest()})


def boom(request):
    raise LookupError("django-boom-marker")


def absolute(request):
    return JsonResponse({"uri": request.build_absolute_uri(), "secure": request.is_secure(),
                         "host": request.get_host(), "remote": request.META.get("REMOTE_ADDR")})
