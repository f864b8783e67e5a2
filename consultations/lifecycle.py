"""The three lifecycles of this app, each a table of allowed transitions run by the portal's one lifecycle
engine (``core.lifecycle.apply``): atomically, with a history row (``core.models.LifecycleEvent``), a Wagtail
audit-log entry and 站内信.

Views and admin actions call :func:`submit`, :func:`apply` and :func:`flag_overdue`; nothing else
changes a status.

```
consultation  submitted ─accept→ accepted ─reply→ answered ─follow_up→ accepted
              (any open) ─close→ closed          answered/closed ─rate→ closed
board post    pending ─approve→ approved ; pending/approved ─reject→ rejected ; reply keeps the status
complaint     submitted ─accept→ accepted ─process→ processing ─resolve→ resolved
              (submitted/accepted/processing) ─close→ closed
```
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import access
from consultations.models import (
    BoardPost,
    BoardStatus,
    Complaint,
    ComplaintStatus,
    Consultation,
    ConsultationReply,
    ConsultationStatus,
    StepAction,
)
from core import guard
from core import lifecycle as engine
from core.lifecycle import TransitionError
from members import notify
from members.models import MessageKind

HANDLER = "handler"  # the addressee's staff (access.can_handle)
AUTHOR = "author"  # whoever submitted the item

@dataclass(frozen=True)
class Step(engine.Transition):
    """A transition of this app: ``actor`` is a tuple of roles; some steps need a text."""

    text_required: bool = False

    @property
    def actors(self):
        return self.actor


def _step(action, sources, target, actors=(HANDLER,), text_required=False):
    return Step(action, StepAction(action).label, sources, target, actors, text_required)


def _table(*transitions):
    return {t.action: t for t in transitions}


@dataclass(eq=False)
class Machine(engine.Machine):
    """An engine machine plus what this app needs: its key, first status, author field and message kind."""

    key: str = ""
    initial: str = ""
    author_field: str = ""
    message_kind: str = ""


def _machine(model, key, initial, author_field, message_kind, *transitions):
    return engine.register(Machine(
        model=model, log_prefix=f"consultations.{key}", transitions=_table(*transitions), is_actor=_is_actor,
        check=_check, effect=_effect, after=_after, forbidden=_forbidden, labels=dict(StepAction.choices),
        key=key, initial=initial, author_field=author_field, message_kind=message_kind))


def _forbidden(transition, obj):
    return PermissionDenied()


def machine_for(obj):
    return MACHINES[type(obj)]


def _is_author(machine, obj, user):
    return user is not None and user.is_authenticated and getattr(obj, f"{machine.author_field}_id") == user.pk


# the steps that settle a complaint: not for the institution it is made against (access.judges_itself)
SETTLING = ("resolve", "close")


def _is_actor(transition, obj, user):
    if user is None or not user.is_authenticated:
        return False
    if transition.action in SETTLING and access.judges_itself(user, obj):
        return False
    return (AUTHOR in transition.actors and _is_author(machine_for(obj), obj, user)) or (
        HANDLER in transition.actors and access.can_handle(user, obj)
    )


# --- links used in messages -------------------------------------------------------------------------

def front_url(obj):
    if isinstance(obj, Consultation):
        return reverse("consultations:detail", args=[obj.pk])
    if isinstance(obj, Complaint):
        return reverse("complaints:detail", args=[obj.pk])
    return reverse("board:index")


def admin_url(obj):
    return reverse(f"consultations_admin:{machine_for(obj).key}", args=[obj.pk])


# --- submit, apply ------------------------------------------------------------------------------------

def _tell(recipients, obj, title, body, by):
    machine = machine_for(obj)
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        staff_side = recipient.pk != getattr(obj, f"{machine.author_field}_id")
        link = admin_url(obj) if staff_side else front_url(obj)
        notify.send(recipient, title, body, kind=machine.message_kind, link=link,
                    sender=by if by and by.is_authenticated else None)


def submit(obj, by, key=None):
    """Save a new consultation, board post or complaint in its first status; a repeated ``key`` returns
    the item the first submission created and changes nothing."""
    machine = machine_for(obj)
    if key is not None and (existing := engine.submitted_with(machine.model, key)) is not None:
        return existing
    try:
        with transaction.atomic():
            obj.status = machine.initial
            if isinstance(obj, Consultation):
                obj.waiting_since = timezone.now()
            obj.save()
            engine.record(machine, obj, "submit", "", by, key=key)
            if isinstance(obj, BoardPost):
                title = _("新留言待审核：%s") % obj.title
            else:
                title = _("新的%(kind)s：%(title)s") % {"kind": obj._meta.verbose_name, "title": obj.title}
            _tell(access.handler_recipients(obj), obj, title, _("请在管理后台处理。"), by)
    except IntegrityError:
        existing = engine.submitted_with(machine.model, key) if key else None
        if existing is None:
            raise
        return existing
    return obj


def apply(obj, action, by, *, text="", rating=None, key=None):
    """Apply ``action`` to ``obj`` for user ``by`` through the lifecycle engine and return the refreshed item.

    Raises PermissionDenied when ``by`` may not take this step and TransitionError when the item's
    status does not allow it. A repeated ``key`` (double submission) is a no-op.
    """
    machine = machine_for(obj)
    engine.apply(machine, obj, action, by, note=(text or "").strip(), key=key, rating=rating)
    return machine.model.objects.get(pk=obj.pk)


def _check(transition, obj, by, text, **_payload):
    if transition.text_required and not text:
        raise TransitionError(_("请填写%s的内容。") % transition.label)
    if transition.action == "reply" and machine_for(obj).key in PUBLIC_REPLIES:
        _guard_reply(text)


def _effect(transition, obj, by, text, now, *, rating=None):
    _EFFECTS[(machine_for(obj).key, transition.action)](obj, by, text=text, rating=rating)
    return {"rating": rating} if rating else None


def _after(transition, obj, by, text, now, **_payload):
    _notify(machine_for(obj), transition, obj, by, text)


# replies that the public reads: the publishing guard scans them before they go out
PUBLIC_REPLIES = ("consultation", "board")


def _guard_reply(text):
    try:
        guard.check_reply(text)
    except guard.PublishBlocked as blocked:
        message = _("回复未发布：发现不宜公开的内容，请修改后再提交。%s") % guard.summary(blocked.hits)
        raise TransitionError(message) from None


def _notify(machine, transition, obj, by, text):
    by_author = _is_author(machine, obj, by)
    recipients = access.handler_recipients(obj) if by_author else [getattr(obj, machine.author_field)]
    title = _("%(kind)s“%(title)s”：%(action)s") % {
        "kind": obj._meta.verbose_name, "title": obj.title, "action": transition.label}
    status = obj.status_label if isinstance(obj, Complaint) else obj.get_status_display()
    body = text or _("当前状态：%s") % status
    _tell(recipients, obj, title, body, by)


# --- what each step changes besides the status ------------------------------------------------------

def _take(obj, by, **_kw):
    if obj.handler_id is None:
        obj.handler = by


def _consultation_reply(obj, by, text, **_kw):
    _take(obj, by)
    ConsultationReply.objects.create(consultation=obj, author=by, from_handler=True, body=text)
    obj.waiting_since = None
    obj.is_overdue = False


def _consultation_follow_up(obj, by, text, **_kw):
    ConsultationReply.objects.create(consultation=obj, author=by, from_handler=False, body=text)
    obj.waiting_since = timezone.now()


def _consultation_close(obj, by, **_kw):
    obj.waiting_since = None


def _consultation_rate(obj, by, text, rating, **_kw):
    if obj.rating is not None:
        raise TransitionError(_("已经评价过了。"))
    if rating not in (1, 2, 3, 4, 5):
        raise TransitionError(_("请选择1到5星的评分。"))
    obj.rating = rating
    obj.rating_comment = text[:500]
    obj.waiting_since = None


def _board_reply(obj, by, text, **_kw):
    obj.reply = text
    obj.replied_by = by
    obj.replied_at = timezone.now()


def _board_approve(obj, by, text, **_kw):
    if text:
        _board_reply(obj, by, text)


def _complaint_resolve(obj, by, text, **_kw):
    _take(obj, by)
    obj.resolution = text


def _nothing(obj, by, **_kw):
    pass


_EFFECTS = {
    ("consultation", "accept"): _take,
    ("consultation", "reply"): _consultation_reply,
    ("consultation", "follow_up"): _consultation_follow_up,
    ("consultation", "close"): _consultation_close,
    ("consultation", "rate"): _consultation_rate,
    ("board", "approve"): _board_approve,
    ("board", "reject"): _nothing,
    ("board", "reply"): _board_reply,
    ("complaint", "accept"): _take,
    ("complaint", "process"): _take,
    ("complaint", "resolve"): _complaint_resolve,
    ("complaint", "close"): _complaint_resolve,
}


C, B, P = ConsultationStatus, BoardStatus, ComplaintStatus

CONSULTATION = _machine(
    Consultation, "consultation", C.SUBMITTED, "asker", MessageKind.CONSULTATION,
    _step("accept", (C.SUBMITTED,), C.ACCEPTED),
    _step("reply", (C.ACCEPTED, C.ANSWERED), C.ANSWERED, text_required=True),
    _step("follow_up", (C.ANSWERED,), C.ACCEPTED, (AUTHOR,), text_required=True),
    _step("close", (C.SUBMITTED, C.ACCEPTED, C.ANSWERED), C.CLOSED, (HANDLER, AUTHOR)),
    _step("rate", (C.ANSWERED, C.CLOSED), C.CLOSED, (AUTHOR,)),
)
BOARD = _machine(
    BoardPost, "board", B.PENDING, "author", MessageKind.CONSULTATION,
    _step("approve", (B.PENDING,), B.APPROVED),
    _step("reject", (B.PENDING, B.APPROVED), B.REJECTED),
    _step("reply", (B.PENDING, B.APPROVED), None, text_required=True),
)
COMPLAINT = _machine(
    Complaint, "complaint", P.SUBMITTED, "author", MessageKind.SYSTEM,
    _step("accept", (P.SUBMITTED,), P.ACCEPTED),
    _step("process", (P.ACCEPTED,), P.PROCESSING),
    _step("resolve", (P.ACCEPTED, P.PROCESSING), P.RESOLVED, text_required=True),
    _step("close", (P.SUBMITTED, P.ACCEPTED, P.PROCESSING), P.CLOSED, text_required=True),
)
MACHINES = {m.model: m for m in (CONSULTATION, BOARD, COMPLAINT)}


# --- 指派 / 转办: who handles an item changes, its status does not ------------------------------------

OPEN = {Consultation: (C.SUBMITTED, C.ACCEPTED, C.ANSWERED), Complaint: (P.SUBMITTED, P.ACCEPTED, P.PROCESSING)}


@transaction.atomic
def assign(obj, by, *, to_user=None, to_department=None, to_expert=None, note="", key=None):
    """Hand an open consultation or complaint on, and tell the new holder(s):

    - 指派 ``to_user``, a colleague who also handles it (``access.colleagues``): they become its handler;
    - 转办 ``to_department``: that department's staff handle it (the handler is cleared); a consultation then
      leaves the institution, the platform or the expert it was addressed to;
    - 转办 ``to_expert``: a consultation becomes an expert consultation of that expert only; a complaint is
      handled by that expert alone. The institution a complaint is made against may not choose its judge, so
      it cannot transfer the complaint to an expert (``access.judges_itself``).

    No status changes, so this is not a transition: the step is written with ``engine.record`` (history row
    and audit-log entry) in the same transaction. PermissionDenied when ``by`` does not handle the item (or is
    the institution a complaint is made against, for an expert), TransitionError for a closed item or a
    target that does not fit. Whoever transferred it no longer handles it (consultations.access).
    """
    machine = machine_for(obj)
    if engine.already_done(key):
        return machine.model.objects.get(pk=obj.pk)
    obj = machine.model.objects.select_for_update().get(pk=obj.pk)
    if type(obj) not in OPEN or not access.can_handle(by, obj):
        raise PermissionDenied
    if obj.status not in OPEN[type(obj)]:
        raise TransitionError(_("已办结的事项不能再指派或转办。"))
    if sum(target is not None for target in (to_user, to_department, to_expert)) != 1:
        raise TransitionError(_("请选择一位同事、一个部门或一位专家（只选一项）。"))
    if to_user is not None:
        if not access.colleagues(obj).filter(pk=to_user.pk).exists():
            raise TransitionError(_("“%s”不经办此事项，不能指派给他。") % to_user)
        action, recipients, target = StepAction.ASSIGN, [to_user], str(to_user)
        obj.handler = to_user
    elif to_department is not None:
        if isinstance(obj, Complaint) and obj.department_id == to_department.pk and not obj.expert_id:
            raise TransitionError(_("该事项已由%s受理，无需转办。") % to_department)
        if isinstance(obj, Consultation) and obj.department_id == to_department.pk:
            raise TransitionError(_("该事项已由%s受理，无需转办。") % to_department)
        if not notify.department_staff(to_department.pk).exists():
            raise TransitionError(_("%s尚无可受理的账号，不能转办。") % to_department)
        action, target = StepAction.TRANSFER, str(to_department)
        obj.department, obj.handler, obj.expert = to_department, None, None
        if isinstance(obj, Consultation):
            obj.institution, obj.to_experts = None, False
        recipients = list(notify.department_staff(to_department.pk))
    else:
        if isinstance(obj, Complaint) and access.judges_itself(by, obj):
            raise PermissionDenied
        if not to_expert.is_active or not to_expert.user.is_active:
            raise TransitionError(_("只能转给在聘专家。"))
        if obj.expert_id == to_expert.pk:
            raise TransitionError(_("该事项已由专家 %s 办理，无需转办。") % to_expert.name)
        action, target = StepAction.TRANSFER, _("专家 %s") % to_expert.name
        obj.expert, obj.handler = to_expert, None
        if isinstance(obj, Consultation):
            obj.to_experts, obj.institution, obj.department = True, None, None
        recipients = [to_expert.user]
    obj.save()
    engine.record(machine, obj, action, obj.status, by, note=(note or "").strip(), data={"to": str(target)},
                  key=key)
    title = _("%(kind)s“%(title)s”已%(action)s给您") % {
        "kind": obj._meta.verbose_name, "title": obj.title, "action": action.label}
    _tell(recipients, obj, title, note or _("请在管理后台处理。"), by)
    return obj


# --- overdue consultations (run by the django-q2 schedule in consultations.tasks) -------------------

def overdue_key(consultation):
    """The notify-once key of one overdue stretch: a handler's reply ends it, so it counts the replies."""
    replies = ConsultationReply.objects.filter(consultation=consultation, from_handler=True).count()
    return notify.key_for("overdue", consultation, f"r{replies}")


@transaction.atomic
def flag_overdue(consultation):
    """Mark a consultation still waiting for an answer as overdue (the flag the lists show) and tell its
    handlers and the platform, once per unanswered stretch (notify-once ledger, ``overdue_key``).
    Returns False (and sends nothing) when it was already reported or is no longer waiting."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.waiting_since is None or not notify.claim(overdue_key(consultation)):
        return False
    if not consultation.is_overdue:
        consultation.is_overdue = True
        consultation.save(update_fields=["is_overdue", "updated_at"])
    engine.record(CONSULTATION, consultation, "overdue", consultation.status, None)
    recipients = access.handler_recipients(consultation) + list(notify.platform_admins())
    _tell(recipients, consultation, _("咨询超时未答复：%s") % consultation.title,
          _("该咨询已超过答复时限，请尽快处理。"), None)
    return True


def registered_log_actions():
    """(action, label) for every step, registered with Wagtail's audit log in wagtail_hooks."""
    actions = [("consultations.consultation.overdue", f"{Consultation._meta.verbose_name}·{StepAction.OVERDUE.label}")]
    for machine in MACHINES.values():
        name = machine.model._meta.verbose_name
        actions.append((f"consultations.{machine.key}.submit", f"{name}·{StepAction.SUBMIT.label}"))
        if machine.model in OPEN:
            actions += [(f"consultations.{machine.key}.{step}", f"{name}·{step.label}")
                        for step in (StepAction.ASSIGN, StepAction.TRANSFER)]
        actions += [(f"consultations.{machine.key}.{t.action}", f"{name}·{t.label}")
                    for t in machine.transitions.values()]
    return actions
