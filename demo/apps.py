from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (`manage.py seed_demo`, run by `make run`): the top layer, it builds on every app."""

    name = "demo"
