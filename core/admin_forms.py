"""The Wagtail admin's page form with the front office's precise Chinese messages (issue 19).

A department editor or a bank saving a news item, a policy or a product with a mistake reads
"请填写适用对象", "最低额度须为数字，单位元", "发布日期须为日期，如 2026-11-04" beside the field instead of Django's
"必需字段", "输入一个数字。", "确认总共不超过 14 个数字."; the rows of its inline panels (申请表附加字段, 附件) too.
Page types use it as ``base_form_class``; a type with its own admin form subclasses this one.
"""

from wagtail.admin.forms import WagtailAdminPageForm

from core.forms import PreciseErrorsMixin, make_precise


class PrecisePageForm(PreciseErrorsMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for formset in self.formsets.values():
            for form in formset.forms:
                make_precise(form)
