"""Admin for site-wide tables owned by site_portal itself (the working-day calendar)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import modeladmin_register

from site_portal.admin_helpers import PortalModelAdmin
from site_portal.models import WorkdayOverride


@modeladmin_register
class WorkdayOverrideAdmin(PortalModelAdmin):
    model = WorkdayOverride
    menu_label = _("工作日调整")
    menu_icon = "date"
    menu_order = 900
    add_to_settings_menu = True
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    search_fields = ("note",)
