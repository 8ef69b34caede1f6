"""Settings of a database-free Django project for the host's tests."""
SECRET_KEY = 'gantry-tests-not-secret'
DEBUG = False
ALLOWED_HOSTS = ['*']
INSTALLED_APPS = []
MIDDLEWARE = ['django.middleware.common.CommonMiddleware']
ROOT_URLCONF = 'site_config.urls'
DATABASES = {}
TEMPLATES = []
USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
