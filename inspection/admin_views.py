"""The admin panels of the inspection: 网站检查 (channel freshness and overdue interaction) and 链接检查."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from inspection import freshness, interaction
from inspection.models import FreshnessState, LinkCheckRun, LinkProblem, LinkStatus
from inspection.tasks import current_settings
from members.roles import is_platform_admin


def can_view(user):
    return is_platform_admin(user)


def inspection_dashboard(request):
    if not can_view(request.user):
        raise PermissionDenied
    options = current_settings()
    return TemplateResponse(request, "inspection/dashboard.html", {
        "header_title": _("网站检查"),
        "channels": freshness.channel_statuses(warn_days=options.warn_days_before),
        "overdue": interaction.overdue_items(days=options.interaction_working_days),
        "options": options,
        "last_run": LinkCheckRun.objects.filter(finished_at__isnull=False).first(),
        "broken_count": LinkProblem.objects.filter(status=LinkStatus.BROKEN).count(),
    })


def summary():
    """Counts for the dashboard panel."""
    options = current_settings()
    states = [row.state for row in freshness.channel_statuses(warn_days=options.warn_days_before)]
    return {
        "overdue_channels": states.count(FreshnessState.OVERDUE),
        "due_soon_channels": states.count(FreshnessState.DUE_SOON),
        "overdue_interaction": len(interaction.overdue_items(days=options.interaction_working_days)),
        "broken_links": LinkProblem.objects.filter(status=LinkStatus.BROKEN).count(),
    }


def link_report(request):
    if not can_view(request.user):
        raise PermissionDenied
    status = request.GET.get("status", LinkStatus.BROKEN)
    if status not in LinkStatus.values:
        status = LinkStatus.BROKEN
    problems = LinkProblem.objects.filter(status=status).select_related("page")[:1000]
    return TemplateResponse(request, "inspection/links.html", {
        "header_title": _("链接检查"), "problems": problems, "status": status, "statuses": LinkStatus.choices,
        "last_run": LinkCheckRun.objects.filter(finished_at__isnull=False).first(),
    })


def editable_channel_statuses(user, today=None):
    """The freshness of the channels ``user`` publishes into (a department's, a level-2 admin's)."""
    options = current_settings()
    return [status for status in freshness.channel_statuses(today=today, warn_days=options.warn_days_before)
            if status.page.permissions_for_user(user).can_add_subpage()]


def pages_in_review(pages):
    """Workflow states in progress on ``pages`` or beneath them (submitted for review, not yet decided)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q
    from wagtail.models import Page, WorkflowState

    if not pages:
        return WorkflowState.objects.none()
    beneath = Q()
    for page in pages:
        beneath |= Q(path__startswith=page.path)
    page_ids = [str(pk) for pk in Page.objects.filter(beneath).values_list("pk", flat=True)]
    return WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, object_id__in=page_ids,
                                        base_content_type=ContentType.objects.get_for_model(Page))


def channel_review(request):
    """本部门待审核的页面: the pages in the signed-in editor's channels (a department's, a level-2 admin's) that
    wait for review, one row per page: the list the to-do panel's count counts (``pages_in_review``). Anyone
    without a channel is refused."""
    from wagtail.models import Page

    statuses = editable_channel_statuses(request.user)
    if not statuses:
        raise PermissionDenied
    channels = [status.page for status in statuses]
    states = list(pages_in_review(channels).select_related(
        "requested_by", "current_task_state__task").order_by("-created_at"))
    pages = Page.objects.filter(pk__in=[int(state.object_id) for state in states]).specific()
    pages = {page.pk: page for page in pages}
    rows = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        channel = next((c for c in channels if page.path.startswith(c.path)), None)
        task = state.current_task_state.task if state.current_task_state else None
        rows.append({"page": page, "type": page.specific_class._meta.verbose_name, "channel": channel,
                     "requested_by": state.requested_by, "since": state.created_at, "task": task})
    return TemplateResponse(request, "inspection/channel_review.html", {
        "header_title": _("本部门待审核的页面"), "rows": rows, "channels": channels})
