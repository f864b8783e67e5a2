"""Everything that changes an enterprise's identity or certification, in one place: each function is
atomic, writes Wagtail's audit log (ModelLogEntry) and tells the account holder through 站内信."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members import notify
from members.models import (
    AccountCategory,
    AuthorisationAcceptance,
    Blacklist,
    CertificationMaterials,
    CertificationStatus,
    ChangeStatus,
    CreditAuthorisationText,
    Enterprise,
    Message,
    MessageKind,
    ProfileChangeRequest,
    RegistrationSource,
    SensitiveField,
)
from members.uscc import normalise


class CertificationError(Exception):
    """The action is not possible in the enterprise's current state; the message is shown to the admin."""


@transaction.atomic
def register_enterprise(*, name, credit_code, contact_person, contact_phone, email, password):
    """Create the account (username = the USCC), not yet activated (F-REG-4), and its enterprise, pending
    certification."""
    credit_code = normalise(credit_code)
    user = get_user_model().objects.create_user(
        username=credit_code,
        email=email,
        password=password,
        first_name=contact_person,
        phone=contact_phone,
        category=AccountCategory.ENTERPRISE,
        registration_source=RegistrationSource.PC,
        is_activated=False,
    )
    enterprise = Enterprise.objects.create(
        account=user, name=name, credit_code=credit_code, contact_person=contact_person,
        contact_phone=contact_phone, email=email,
    )
    log(enterprise, "members.register", user=user)
    return enterprise


def _locked(enterprise):
    return Enterprise.objects.select_for_update().get(pk=enterprise.pk)


def certify(enterprise, by):
    """Certify, unless the code is on the blacklist: then the certification ends as rejected (and stays so)
    and CertificationError tells the admin why."""
    enterprise, blocked_reason = _certify_or_block(enterprise, by)
    if blocked_reason:
        raise CertificationError(blocked_reason)
    return enterprise


@transaction.atomic
def _certify_or_block(enterprise, by):
    enterprise = _locked(enterprise)
    if enterprise.status != CertificationStatus.PENDING:
        raise CertificationError(_("只有“待审核”的企业可以认证，当前状态：%s。") % enterprise.get_status_display())
    entry = Blacklist.entry_for(enterprise.credit_code)
    if entry is not None:
        reason = _("该企业在黑名单中（%(reason)s），认证终止。") % {"reason": entry.reason}
        _reject(enterprise, by, reason, action="members.blacklist_block")
        return enterprise, reason
    enterprise.status = CertificationStatus.CERTIFIED
    enterprise.reject_reason = ""
    enterprise.certified_at = timezone.now()
    enterprise.reviewed_by = by
    enterprise.save(update_fields=["status", "reject_reason", "certified_at", "reviewed_by", "updated_at"])
    log(enterprise, "members.certify", user=by)
    notify.send(enterprise.account, _("企业认证已通过"),
                _("%(name)s 已通过平台认证，现在可以申请贷款、发布融资需求。") % {"name": enterprise.name},
                kind=MessageKind.REVIEW, link="/member/", sender=by)
    return enterprise, ""


def _reject(enterprise, by, reason, action="members.reject"):
    enterprise.status = CertificationStatus.REJECTED
    enterprise.reject_reason = reason
    enterprise.certified_at = None
    enterprise.reviewed_by = by
    enterprise.save(update_fields=["status", "reject_reason", "certified_at", "reviewed_by", "updated_at"])
    log(enterprise, action, user=by, data={"reason": reason})
    notify.send(enterprise.account, _("企业认证未通过"),
                _("原因：%(reason)s 您可以在会员中心修改信息后重新提交认证。") % {"reason": reason},
                kind=MessageKind.REVIEW, link="/member/certification/", sender=by)


@transaction.atomic
def reject(enterprise, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(_("请填写未通过的原因，企业会看到它。"))
    enterprise = _locked(enterprise)
    if enterprise.status != CertificationStatus.PENDING:
        raise CertificationError(_("只有“待审核”的企业可以驳回，当前状态：%s。") % enterprise.get_status_display())
    _reject(enterprise, by, reason)
    return enterprise


@transaction.atomic
def resubmit(enterprise, *, name, credit_code):
    """A rejected enterprise corrects its name or code and asks again; its login name follows the code."""
    enterprise = _locked(enterprise)
    if enterprise.status != CertificationStatus.REJECTED:
        raise CertificationError(_("只有未通过认证的企业可以重新提交。"))
    _back_to_pending(enterprise, name, credit_code, by=enterprise.account)
    return enterprise


def _back_to_pending(enterprise, name, credit_code, by):
    credit_code = normalise(credit_code)
    enterprise.name = name
    enterprise.credit_code = credit_code
    enterprise.status = CertificationStatus.PENDING
    enterprise.submitted_at = timezone.now()
    enterprise.save(update_fields=["name", "credit_code", "status", "submitted_at", "updated_at"])
    account = enterprise.account
    if account.username != credit_code:
        account.username = credit_code
        account.save(update_fields=["username"])
    log(enterprise, "members.resubmit", user=by)


@transaction.atomic
def submit_materials(enterprise, *, account, ip_address, legal_representative_name, legal_representative_id_number,
                     business_licence=None, name=None, credit_code=None):
    """Keep the certification materials and record the signature of the 授权书 in force (time, account, IP,
    the text's revision). A rejected enterprise resubmits with them (``name``/``credit_code`` corrected); a
    pending one replaces what it sent. A certified enterprise changes its data through change requests."""
    enterprise = _locked(enterprise)
    if enterprise.status == CertificationStatus.CERTIFIED:
        raise CertificationError(_("您的企业已通过认证，如需变更法定代表人请在企业资料中提交变更。"))
    text = CreditAuthorisationText.current()
    if text is None:
        raise CertificationError(_("平台尚未发布《信用信息查询授权书》，请稍后再试。"))
    materials = CertificationMaterials.objects.filter(enterprise=enterprise).first()
    if materials is None:
        if business_licence is None:
            raise CertificationError(_("请上传营业执照。"))
        materials = CertificationMaterials(enterprise=enterprise)
    if business_licence is not None:
        old = materials.business_licence.name if materials.pk else ""
        materials.business_licence.save(business_licence.name, business_licence, save=False)
        materials.licence_content_type = getattr(business_licence, "content_type", "") or ""
        if old:
            transaction.on_commit(lambda: materials.business_licence.storage.delete(old))
    materials.legal_representative_name = legal_representative_name
    materials.legal_representative_id_number = legal_representative_id_number
    materials.save()
    AuthorisationAcceptance.objects.create(enterprise=enterprise, account=account, text=text,
                                           revision=text.current_revision(), ip_address=ip_address)
    enterprise.legal_representative = legal_representative_name  # the review covers it
    enterprise.save(update_fields=["legal_representative", "updated_at"])
    if enterprise.status == CertificationStatus.REJECTED:
        _back_to_pending(enterprise, name or enterprise.name, credit_code or enterprise.credit_code, by=account)
    log(enterprise, "members.submit_materials", user=account)
    return enterprise


@transaction.atomic
def request_sensitive_change(enterprise, field, new_value, by):
    """Record a change of 法人 or 注册资本; the enterprise keeps its old value until approval."""
    field = SensitiveField(field)
    old_value = getattr(enterprise, field.value)
    old_text = "" if old_value is None else str(old_value)
    if str(new_value) == old_text:
        return None
    ProfileChangeRequest.objects.filter(enterprise=enterprise, field=field, status=ChangeStatus.PENDING).update(
        status=ChangeStatus.REJECTED, reason=_("已被新的变更申请取代"), reviewed_at=timezone.now()
    )
    change = ProfileChangeRequest.objects.create(
        enterprise=enterprise, field=field, old_value=old_text, new_value=str(new_value)
    )
    log(change, "members.change_request", user=by)
    return change


@transaction.atomic
def approve_change(change, by):
    change = ProfileChangeRequest.objects.select_for_update().select_related("enterprise").get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise CertificationError(_("该变更已处理。"))
    enterprise = change.enterprise
    field = enterprise._meta.get_field(change.field)
    try:
        value = field.clean(change.new_value, enterprise)
    except ValidationError as error:
        raise CertificationError("；".join(error.messages)) from error
    setattr(enterprise, change.field, value)
    enterprise.save(update_fields=[change.field, "updated_at"])
    change.status = ChangeStatus.APPROVED
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    log(change, "members.change_approve", user=by)
    log(enterprise, "wagtail.edit", user=by, data={"field": change.field, "old": change.old_value,
                                                   "new": change.new_value})
    notify.send(enterprise.account, _("信息变更已通过"),
                _("%(field)s 已变更为 %(value)s。") % {"field": change.get_field_display(), "value": change.new_value},
                kind=MessageKind.REVIEW, sender=by)
    return change


@transaction.atomic
def reject_change(change, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(_("请填写驳回原因。"))
    change = ProfileChangeRequest.objects.select_for_update().select_related("enterprise").get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise CertificationError(_("该变更已处理。"))
    change.status = ChangeStatus.REJECTED
    change.reason = reason
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    log(change, "members.change_reject", user=by, data={"reason": reason})
    notify.send(change.enterprise.account, _("信息变更未通过"),
                _("%(field)s 的变更未通过，原因：%(reason)s")
                % {"field": change.get_field_display(), "reason": reason},
                kind=MessageKind.REVIEW, sender=by)
    return change


@transaction.atomic
def cancel_account(user, by, reason=""):
    """注销 (F-REG-14), asked by the user or done by a platform admin.

    Per 个人信息保护法 the person's data goes: name, phone, e-mail, password, login-log addresses, messages and
    favourites; the enterprise's contact person, phone, e-mail and legal representative (with the certification
    materials: licence and ID number; the 授权书 signatures lose their IP address). What banks and the
    statistics still need stays, without the person: the enterprise as a legal entity (name, code, industry,
    region, yearly figures) and its applications, whose contact data the apps holding them remove on the
    ``account_cancelled`` signal. Its live data grants are revoked. The account row itself stays, renamed and
    disabled, so those records keep their owner.
    """
    from members import data_sharing
    from members.models import DataGrant, Favourite, LoginLog
    from members.signals import account_cancelled

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.cancelled_at:
        raise CertificationError(_("该账号已注销。"))
    enterprise = Enterprise.objects.filter(account=user).first()
    account_cancelled.send(sender=type(user), user=user, enterprise=enterprise, by=by)
    if enterprise is not None:
        enterprise.contact_person = enterprise.contact_phone = enterprise.email = ""
        enterprise.legal_representative = ""
        enterprise.save(update_fields=["contact_person", "contact_phone", "email", "legal_representative",
                                       "updated_at"])
        ProfileChangeRequest.objects.filter(enterprise=enterprise, field=SensitiveField.LEGAL_REPRESENTATIVE).update(
            old_value="", new_value="—")
        # the legal representative's identity goes with the licence; the 授权书 signatures keep time and version
        materials = CertificationMaterials.objects.filter(enterprise=enterprise).first()
        if materials is not None:
            licence, storage = materials.business_licence.name, materials.business_licence.storage
            materials.delete()
            transaction.on_commit(lambda: storage.delete(licence))
        AuthorisationAcceptance.objects.filter(enterprise=enterprise).update(ip_address=None)
        # nobody is left to have consented: the banks lose access to its data now
        for data_grant in DataGrant.objects.live().filter(enterprise=enterprise):
            data_sharing.revoke(data_grant, by)
        log(enterprise, "members.cancel", user=by if by.pk != user.pk else None, data={"reason": reason})
    Message.objects.filter(recipient=user).delete()
    Favourite.objects.filter(user=user).delete()
    anonymous_name = f"cancelled-{user.pk}"
    LoginLog.objects.filter(user=user).update(username=anonymous_name, ip_address=None, user_agent="")
    user.username = anonymous_name
    user.first_name = user.last_name = user.email = user.phone = ""
    user.set_unusable_password()
    user.is_active = False
    user.cancelled_at = timezone.now()
    user.save()
    user.groups.clear()
    return user
