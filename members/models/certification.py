"""Certification materials (issue 22): the 营业执照 kept privately, the legal representative's identity, and
each signature of the platform's 信用信息查询授权书 with the version of the text that was signed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

from core.private_files import private_path


def licence_upload_to(instance, filename):
    return private_path("certification", filename)


class CreditAuthorisationText(RevisionMixin, models.Model):
    """The 信用信息查询授权书 the enterprise signs; the platform edits it as a snippet, and every save is a
    revision, so a signature names the exact wording (its revision) that was shown."""

    title = models.CharField(_("标题"), max_length=100, default=_("信用信息查询授权书"))
    body = models.TextField(_("正文"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("信用信息查询授权书")
        verbose_name_plural = _("信用信息查询授权书")

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        """The text in force (the one the platform keeps; the first if several were made), or None."""
        return cls.objects.order_by("pk").first()

    def current_revision(self):
        """The revision matching the text as it is now, made on the spot for a text never saved in the admin."""
        revision = self.latest_revision
        if revision is None or revision.content.get("body") != self.body:
            revision = self.save_revision(clean=False)
        return revision


class CertificationMaterials(models.Model):
    """What the enterprise submitted for certification; replaced when it submits again."""

    enterprise = models.OneToOneField("members.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                      related_name="certification_materials")
    business_licence = models.FileField(_("营业执照"), upload_to=licence_upload_to, max_length=200)
    licence_content_type = models.CharField(max_length=50, blank=True)
    legal_representative_name = models.CharField(_("法定代表人姓名"), max_length=40)
    legal_representative_id_number = models.CharField(_("法定代表人身份证号码"), max_length=18)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now=True)

    class Meta:
        verbose_name = _("认证材料")
        verbose_name_plural = _("认证材料")

    def __str__(self):
        return str(self.enterprise)

    @property
    def licence_is_pdf(self):
        return self.business_licence.name.lower().endswith(".pdf")


class AuthorisationAcceptance(models.Model):
    """One signature of the 授权书: who, when, from where, and which version of the text."""

    enterprise = models.ForeignKey("members.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="authorisation_acceptances")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签署账号"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    text = models.ForeignKey(CreditAuthorisationText, verbose_name=_("授权书"), on_delete=models.PROTECT,
                             related_name="acceptances")
    revision = models.ForeignKey("wagtailcore.Revision", verbose_name=_("授权书版本"), on_delete=models.PROTECT,
                                 related_name="+")
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("授权书签署记录")
        verbose_name_plural = _("授权书签署记录")

    def __str__(self):
        return f"{self.enterprise} {self.accepted_at:%Y-%m-%d %H:%M}"
