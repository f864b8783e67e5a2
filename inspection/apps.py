from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """Government website norms (国办秘函〔2019〕19号): freshness, links, interaction response, publishing guard."""

    name = "inspection"
    label = "inspection"
    verbose_name = _("网站检查")

    def ready(self):
        from consultations import deadlines
        from core import guard as core_guard
        from inspection import guard, signals, tasks  # noqa: F401

        core_guard.register_reply_check(guard.check_reply)
        # one answer deadline for consultations: the admin-editable 互动答复时限
        deadlines.use_answer_days_from(lambda: tasks.current_settings().interaction_working_days)
