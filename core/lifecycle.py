"""The one lifecycle engine: every status change of the portal goes through :func:`apply`.

A domain (loan applications in ``finance_market``; consultations, board posts and complaints in
``consultations``) describes its lifecycle as a :class:`Machine`: a table of :class:`Transition` rows and
callables for what only it knows (who may take a step, what a step checks and changes, whom it tells).
:func:`apply` runs a step in one transaction:

1. look the action up in the table (unknown → :class:`TransitionError`);
2. lock the row (``select_for_update``) and read it afresh;
3. check the actor (the machine's ``is_actor``) and the current status (the transition's ``sources``);
4. run the machine's payload check, set the target status, run its effect;
5. save, write ONE :class:`~core.models.LifecycleEvent` row and ONE Wagtail audit-log entry;
6. run the machine's ``after`` (messages, notices).

Anything raised in 4–6 rolls the whole step back: no status change, no history, no log entry.
Creating an item in its first status and steps that do not change a status (an overdue flag) are
written with :func:`record`, so the history stays in the one table. Each domain passes its machine to
:func:`register` so that history rows can name their actions; :func:`history`, :func:`steps` and
:func:`last_step` are how the rest of the portal reads the table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from core.models import LifecycleEvent


class TransitionError(Exception):
    """The step is not possible now (or not for this user); the message is shown to the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple
    target: str | None  # None keeps the status (e.g. a reply to a board post)
    actor: object  # a role, or a tuple of roles; only the machine's is_actor interprets it


def _nothing(*_args, **_kwargs):
    return None


def _not_yours(transition, obj):
    return TransitionError(_("您无权执行“%s”。") % transition.label)


@dataclass(eq=False)
class Machine:
    """One lifecycle: the model, its transitions and the domain's callables.

    ``is_actor(transition, obj, user)`` → bool; ``check(transition, obj, by, note, **payload)`` raises
    TransitionError on a bad payload; ``effect(transition, obj, by, note, now, **payload)`` changes the
    locked ``obj`` besides its status and returns data for the history row and the log (or None);
    ``after(transition, obj, by, note, now, **payload)`` sends messages once the row is written.
    """

    model: type
    log_prefix: str  # the audit-log action is "<log_prefix>.<action>"
    transitions: dict
    is_actor: Callable
    check: Callable = _nothing
    effect: Callable = _nothing
    after: Callable = _nothing
    forbidden: Callable = _not_yours  # (transition, obj) → the exception raised for a wrong actor
    status_message: str = gettext_lazy("当前状态为“%(status)s”，不能%(action)s。")
    log_extra: Callable = lambda obj: {}  # what every log entry of this machine carries
    log_note: bool = False  # copy the note into the audit log too
    related: tuple = ()  # select_related when locking
    labels: dict = field(default_factory=dict)  # labels of recorded actions that are not transitions

    def transition(self, action):
        try:
            return self.transitions[action]
        except KeyError:
            raise TransitionError(_("不支持的操作：%s") % action) from None

    def allowed(self, obj, user):
        """The transitions ``user`` may apply to ``obj`` now (to show only the buttons that work)."""
        return [t for t in self.transitions.values() if obj.status in t.sources and self.is_actor(t, obj, user)]

    def label(self, action):
        if action in self.labels:
            return self.labels[action]
        transition = self.transitions.get(action)
        return transition.label if transition else action


_MACHINES = {}


def register(machine):
    """Make ``machine`` the lifecycle of its model (its labels name the history rows); returns it."""
    _MACHINES[machine.model] = machine
    return machine


def action_label(model, action):
    """The label of ``action`` in the lifecycle of ``model`` (the action itself when unknown)."""
    machine = _MACHINES.get(model)
    return machine.label(action) if machine else action


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def record(machine, obj, action, from_status, by, *, note="", data=None, key=None, when=None):
    """Write the history row and the audit-log entry of one step of ``obj`` (already saved)."""
    actor = _user_or_none(by)
    data = data or {}
    event = LifecycleEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, action=action,
        from_status=from_status, to_status=obj.status, actor=actor, note=note, data=data, submission_key=key,
        created_at=when or timezone.now())
    log_data = {**machine.log_extra(obj), "from": from_status, "to": obj.status, **data}
    if machine.log_note:
        log_data["note"] = note
    log(obj, f"{machine.log_prefix}.{action}", user=actor, data=log_data)
    return event


def already_done(key):
    """True when a step was already taken with this submission key (a double post)."""
    return key is not None and LifecycleEvent.objects.filter(submission_key=key).exists()


def apply(machine, obj, action, by, *, note="", key=None, now=None, **payload):
    """Apply ``action`` to ``obj`` for user ``by``; returns the updated, locked instance.

    Raises TransitionError (or the machine's ``forbidden`` exception) and changes nothing when the action
    is unknown, not the user's, or not allowed from the current status. A repeated ``key`` is a no-op.
    """
    transition = machine.transition(action)
    if already_done(key):
        return machine.model.objects.get(pk=obj.pk)
    try:
        with transaction.atomic():
            obj = machine.model.objects.select_for_update().select_related(*machine.related).get(pk=obj.pk)
            if not machine.is_actor(transition, obj, by):
                raise machine.forbidden(transition, obj)
            if obj.status not in transition.sources:
                raise TransitionError(machine.status_message % {
                    "status": obj.get_status_display(), "action": transition.label})
            machine.check(transition, obj, by, note, **payload)
            now = now or timezone.now()
            before = obj.status
            if transition.target is not None:
                obj.status = transition.target
            data = machine.effect(transition, obj, by, note, now, **payload)
            obj.save()
            record(machine, obj, action, before, by, note=note, data=data, key=key, when=now)
            machine.after(transition, obj, by, note, now, **payload)
    except IntegrityError:
        if not already_done(key):
            raise
        return machine.model.objects.get(pk=obj.pk)
    return obj


# --- reading the history -------------------------------------------------------------------------------

def history(obj):
    """The steps of ``obj``, oldest first, with their actors."""
    return LifecycleEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).select_related("actor")


def steps(model, actions=None, start=None, end=None):
    """Every step of every ``model`` item (optionally only ``actions``, within [start, end))."""
    queryset = LifecycleEvent.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if actions is not None:
        queryset = queryset.filter(action__in=actions)
    if start is not None:
        queryset = queryset.filter(created_at__gte=start)
    if end is not None:
        queryset = queryset.filter(created_at__lt=end)
    return queryset


def last_step(obj, action):
    """The latest ``action`` step of ``obj``, or None."""
    return history(obj).filter(action=action).order_by("-created_at", "-pk").first()


def submitted_with(model, key):
    """The ``model`` item whose creation was recorded with submission ``key``, or None."""
    event = steps(model, ["submit"]).filter(submission_key=key).first()
    return model.objects.filter(pk=event.object_id).first() if event else None
