"""Page-editor form of an enterprise list: the same enterprise (USCC) may appear only once per list,
as the Excel import already checks."""

from django.utils.translation import gettext as _

from core.admin_forms import PrecisePageForm
from members.uscc import normalise


class EnterpriseListPageForm(PrecisePageForm):
    def clean(self):
        cleaned_data = super().clean()
        rows = self.formsets.get("rows")
        if rows is None or not rows.is_bound:
            return cleaned_data
        rows.is_valid()  # validates each row form once, so their cleaned_data is available here
        kept = [form for form in rows.forms
                if form.is_valid() and not (rows.can_delete and rows._should_delete_form(form))
                and form.cleaned_data.get("credit_code")]
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        by_code = {}
        for position, form in enumerate(kept, start=1):
            by_code.setdefault(normalise(form.cleaned_data["credit_code"]), []).append((position, form))
        for code, entries in by_code.items():
            if len(entries) < 2:
                continue
            where = "、".join(_("第%(n)d家（%(name)s）") % {"n": n, "name": form.cleaned_data.get("enterprise_name")}
                             for n, form in entries)
            message = _("统一社会信用代码 %(code)s 在本名录中重复：%(rows)s。同一企业只能列入一次。") % {
                "code": code, "rows": where}
            self.add_error(None, message)
            for _n, form in entries:
                form.add_error("credit_code", _("与本名录中其他企业的统一社会信用代码重复。"))
        return cleaned_data
