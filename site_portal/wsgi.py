import os

from django.core.wsgi import get_wsgi_application

# a server runs production settings unless told otherwise: they refuse to start without a real SECRET_KEY
# and ALLOWED_HOSTS, instead of serving with development defaults (console SMS codes, DEBUG helpers)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_portal.settings.production")
application = get_wsgi_application()
