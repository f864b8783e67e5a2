"""Who handles what. One place for the rule used by the front end, the admin and the lifecycle:

- a consultation addressed to an institution is handled by that institution's staff (its group);
  one addressed to the platform (no institution) by the platform admins; one transferred (转办) to a department
  by that department's staff;
- a complaint is handled by the platform admins, the staff of the institution it is about and the
  staff of the department it is addressed to;
- board posts are moderated by whoever may change them (platform admins; level-1 has every permission).
- a consultation addressed to experts (专家咨询) is handled only by the expert it names, or by any active
  expert when it names none; platform admins may read it but not act on it, nor may institution staff;
- a complaint transferred (转办) to an expert is handled by that expert alone (platform admins read it), like
  an expert consultation: the bank, department and platform it came from no longer act on it;
- a direct appeal (诉求直达, a complaint of kind appeal with no institution or department) is handled by
  the platform admins.
Platform admins see everything.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from consultations.models import Complaint, Consultation, Expert
from members import notify
from members.roles import is_platform_admin

_UNREAD = object()


def active_expert(user):
    """The user's Expert profile when they are an active expert, else None. Read once per user object (so once
    per request: the admin's menu asks four times per page); saving or deleting an Expert forgets it on the
    user object the Expert holds."""
    if not user.is_authenticated or not user.is_active:
        return None
    expert = getattr(user, "_portal_active_expert", _UNREAD)
    if expert is _UNREAD:
        expert = user._portal_active_expert = Expert.objects.filter(user=user, is_active=True).first()
    return expert


@receiver(post_save, sender=Expert, dispatch_uid="consultations_forget_active_expert")
@receiver(post_delete, sender=Expert, dispatch_uid="consultations_forget_active_expert_delete")
def _forget_active_expert(sender, instance, **kwargs):
    user = instance._state.fields_cache.get("user")
    if user is not None:
        user.__dict__.pop("_portal_active_expert", None)


def _scope(user, model):
    """A Q selecting the ``model`` rows ``user`` handles, or None when they handle none."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_platform_admin(user):
        return Q()
    parts = []
    expert = active_expert(user)
    if model is Consultation and expert is not None:
        parts.append(Q(to_experts=True, expert__isnull=True) | Q(expert=expert))
    if model is Complaint and expert is not None:
        parts.append(Q(expert=expert))
    # a complaint held by an expert is the expert's alone
    not_with_expert = Q(expert__isnull=True) if model is Complaint else Q()
    if user.institution is not None:
        parts.append(Q(institution=user.institution) & not_with_expert)
    if user.department is not None:
        parts.append(Q(department=user.department) & not_with_expert)
    if not parts:
        return None
    scope = parts[0]
    for part in parts[1:]:
        scope |= part
    return scope


def handled(user, model):
    """The consultations or complaints ``user`` may see and act on as a handler."""
    scope = _scope(user, model)
    return model.objects.none() if scope is None else model.objects.filter(scope)


def has_queue(user, model):
    """``_scope(user, model) is not None``, without building it: an institution's or department's staff (read once
    per request anyway) have a queue whether or not they are experts too (the admin menu asks on every page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user) or user.institution is not None or user.department is not None:
        return True
    return model in (Consultation, Complaint) and active_expert(user) is not None


def is_handler(user):
    """True for anyone who has a queue: platform admins, institution and department staff, experts."""
    return has_queue(user, Complaint) or has_queue(user, Consultation)


def can_handle(user, obj):
    """May ``user`` take the handler's steps on ``obj``? For an expert consultation only its expert(s) may."""
    if isinstance(obj, Consultation) and obj.to_experts:
        expert = active_expert(user)
        return obj.pk is not None and expert is not None and obj.expert_id in (None, expert.pk)
    if isinstance(obj, Complaint) and obj.expert_id:
        expert = active_expert(user)
        return obj.pk is not None and expert is not None and obj.expert_id == expert.pk
    if isinstance(obj, (Consultation, Complaint)):
        return obj.pk is not None and handled(user, type(obj)).filter(pk=obj.pk).exists()
    return can_moderate_board(user)


def can_moderate_board(user):
    return user.is_authenticated and user.has_perm("consultations.change_boardpost")


def judges_itself(user, obj):
    """True when ``user`` is staff of the institution a complaint is made against and has no other role on it
    (platform admin, staff of the department it is addressed to): such a bank may answer and work the
    complaint but not settle it (办结 / 关闭) itself."""
    if not isinstance(obj, Complaint) or obj.institution_id is None or is_platform_admin(user):
        return False
    institution = getattr(user, "institution", None)
    if institution is None or institution.pk != obj.institution_id:
        return False
    department = getattr(user, "department", None)
    return not (obj.department_id and department is not None and department.pk == obj.department_id)


def colleagues(obj):
    """The active accounts an item may be assigned to (指派): everyone who handles it, whoever holds it now."""
    from django.contrib.auth import get_user_model

    if isinstance(obj, Consultation) and obj.to_experts:
        experts = Expert.objects.filter(is_active=True, user__is_active=True)
        if obj.expert_id:
            experts = experts.filter(pk=obj.expert_id)
        pks = list(experts.values_list("user_id", flat=True))
    elif isinstance(obj, Complaint) and obj.expert_id:
        pks = [obj.expert.user_id] if obj.expert.is_active else []
    elif isinstance(obj, Consultation):
        if obj.department_id:
            staff = notify.department_staff(obj.department_id)
        elif obj.institution_id:
            staff = notify.institution_staff(obj.institution_id)
        else:
            staff = notify.platform_admins()
        pks = list(staff.values_list("pk", flat=True))
    else:
        pks = list(notify.platform_admins().values_list("pk", flat=True))
        if obj.institution_id:
            pks += notify.institution_staff(obj.institution_id).values_list("pk", flat=True)
        if obj.department_id:
            pks += notify.department_staff(obj.department_id).values_list("pk", flat=True)
    return get_user_model().objects.filter(pk__in=pks, is_active=True).order_by("username")


def handler_recipients(obj):
    """The accounts told about a new item or the enterprise's next step: the item's handler when one has
    taken it, else everyone who handles it."""
    if getattr(obj, "handler_id", None):
        return [obj.handler]
    if isinstance(obj, Consultation):
        if obj.to_experts:
            experts = Expert.objects.filter(is_active=True, user__is_active=True)
            if obj.expert_id:
                experts = experts.filter(pk=obj.expert_id)
            return [expert.user for expert in experts.select_related("user")]
        if obj.department_id:
            return list(notify.department_staff(obj.department_id))
        if obj.institution_id:
            return list(notify.institution_staff(obj.institution_id))
        return list(notify.platform_admins())
    if isinstance(obj, Complaint) and obj.expert_id:
        return [obj.expert.user] if obj.expert.is_active else list(notify.platform_admins())
    if isinstance(obj, Complaint):
        recipients = list(notify.platform_admins())
        if obj.institution_id:
            recipients += notify.institution_staff(obj.institution_id)
        if obj.department_id:
            recipients += notify.department_staff(obj.department_id)
        return list({user.pk: user for user in recipients}.values())
    return list(notify.platform_admins())
