from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# serve static files straight from the apps, no collectstatic needed
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# the development SMS backend logs each message, code included, for the developer to read on the console
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "members.sms": {"level": "INFO"}}}  # noqa: F405
