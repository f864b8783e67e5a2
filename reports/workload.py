"""Staff workload per user and period (F-STAT-8): pages written (Wagtail audit log: the pages a user created or
submitted for review), pages published (audit log), pages reviewed (Wagtail workflow task states approved or
rejected), consultations answered (handler replies), applications handled (the history of the institution's
steps on loan applications). Five grouped queries."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, TaskState

from consultations.queries import handler_replies
from finance_market.queries import bank_steps
from reports.tables import Column, Table

FIGURES = ("authored", "published", "reviewed", "answered", "handled")
# An author's work in the audit log: creating a page, and submitting a draft (new or edited) to its channel's
# review workflow, or resubmitting it after changes were requested. A page counts once per author and period
# however often it was saved or resubmitted. Saving a draft of an existing page is not counted: a reviewer who
# corrects and publishes someone's page would otherwise count as its author.
AUTHORING = ("wagtail.create", "wagtail.workflow.start", "wagtail.workflow.resume")


def _grouped(queryset, user_field, count):
    return dict(queryset.order_by().values_list(user_field).annotate(n=count).values_list(user_field, "n"))


def workload(period, users=None):
    """{user: {authored, published, reviewed, answered, handled}} for the users who did anything in ``period``
    (``users``: a queryset narrowing who is counted, e.g. one institution's staff)."""
    window = {"gte": period.start, "lt": period.end}

    def between(field):
        return {f"{field}__gte": window["gte"], f"{field}__lt": window["lt"]}

    each, pages = Count("pk"), Count("page_id", distinct=True)
    sources = {  # figure: (queryset, the user's column, what is counted)
        "authored": (PageLogEntry.objects.filter(action__in=AUTHORING, **between("timestamp")), "user_id", pages),
        "published": (PageLogEntry.objects.filter(action="wagtail.publish", **between("timestamp")), "user_id",
                      each),
        "reviewed": (TaskState.objects.filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
                                              **between("finished_at")), "finished_by_id", each),
        "answered": (handler_replies(period.start, period.end), "author_id", each),
        "handled": (bank_steps(period.start, period.end), "actor_id", each),
    }
    user_ids = None if users is None else set(users.values_list("pk", flat=True))
    figures = {}
    for name, (queryset, user_field, count) in sources.items():
        for user_id, n in _grouped(queryset.exclude(**{f"{user_field}__isnull": True}), user_field, count).items():
            if user_ids is None or user_id in user_ids:
                figures.setdefault(user_id, dict.fromkeys(FIGURES, 0))[name] = n
    people = get_user_model().objects.in_bulk(list(figures))
    rows = []
    for user_id, counts in figures.items():
        user = people.get(user_id)
        name = (user.get_full_name() or user.username) if user else str(_("已删除用户"))
        rows.append({"name": name, "username": user.username if user else "", **counts,
                     "total": sum(counts.values())})
    rows.sort(key=lambda r: (-r["total"], r["username"]))
    return rows


def workload_table(period, users=None):
    return Table("workload", _("工作量统计"), [
        Column("name", _("姓名"), "text"), Column("username", _("账号"), "text"),
        Column("authored", _("撰写页面")), Column("published", _("发布页面")), Column("reviewed", _("审核页面")),
        Column("answered", _("答复咨询")), Column("handled", _("处理贷款申请")), Column("total", _("合计")),
    ], workload(period, users), chart={"type": "bar", "label": "name", "values": list(FIGURES)})
