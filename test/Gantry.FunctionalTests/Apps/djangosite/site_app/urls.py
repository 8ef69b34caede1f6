from django.urls import path

from . import views

urlpatterns = [
    path("", views.home),
    path("form/", views.form),
    path("api/echo", views.api_echo),
    path("session/count", views.session_count),
    path("go", views.go),
    path("stream", views.stream),
    path("file", views.file),
    path("upload", views.upload),
    path("boom", views.boom),
    path("absolute", views.absolute),
]
