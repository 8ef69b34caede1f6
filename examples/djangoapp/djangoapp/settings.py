"""Settings of a minimal, database-free Django project for Gantry.

Run it:  ./gantry --http :9090 --chdir examples/djangoapp --module djangoapp.wsgi:application \
             --env DJANGO_SETTINGS_MODULE=djangoapp.settings
Written by hand (not by `django-admin startproject`) and kept to what the two views need:
no database, no sessions, no admin, no templates.
"""
SECRET_KEY = "gantry-example-not-secret"  # an example; a real deployment reads it from the environment
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "djangoapp.urls"
WSGI_APPLICATION = "djangoapp.wsgi.application"

DATABASES = {}
TEMPLATES = []

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Access log lines come from the server; Django only reports errors, to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
