"""ASGI entry point for --asgi site_app.asgi:application (Django's ASGIHandler)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_app.settings")

application = get_asgi_application()
