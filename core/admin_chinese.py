"""Chinese for the few Wagtail admin strings its zh_Hans catalogue leaves in English, on pages every role
opens (the account page, the workflow and usage reports). The project does not edit ``locale/`` from a
feature branch; these are set here, by the Wagtail attribute that carries each, so the admin reads as
Chinese now. Once the project catalogue translates the msgids below, this module can go:

"Theme preferences", "admin theme", "contrast", "density", "More contrast", "Snug",
"Enable custom keyboard shortcuts specific to Wagtail.", "Page types usage", "Search terms",
"By task", "By workflow".
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def apply():
    from wagtail.admin.forms.account import ThemePreferencesForm
    from wagtail.admin.views.account import ThemeSettingsPanel
    from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
    from wagtail.admin.widgets import HeaderButton

    ThemeSettingsPanel.title = _("界面偏好")
    fields = ThemePreferencesForm.base_fields
    fields["theme"].label = _("后台主题")
    fields["contrast"].label = _("对比度")
    fields["density"].label = _("界面密度")
    fields["keyboard_shortcuts"].help_text = _("启用本后台的自定义键盘快捷键。")
    choices = {"more_contrast": _("高对比度"), "snug": _("紧凑")}
    for name in ("contrast", "density"):
        fields[name].choices = [(value, choices.get(value, label)) for value, label in fields[name].choices]

    WorkflowView.header_buttons = property(lambda view: [HeaderButton(
        _("按任务查看"), reverse("wagtailadmin_reports:workflow_tasks"), icon_name="thumbtack")])
    WorkflowTasksView.header_buttons = property(lambda view: [HeaderButton(
        _("按工作流查看"), reverse("wagtailadmin_reports:workflow"), icon_name="tasks")])

    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    PageTypesUsageReportView.page_title = _("页面类型使用情况")
    try:
        from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
    except ImportError:  # search promotions not installed
        return
    SearchTermsReportView.page_title = _("搜索词")
