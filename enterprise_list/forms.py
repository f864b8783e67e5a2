from django import forms
from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("draft", _("保存为草稿（稍后在编辑页提交审核）")),
    ("submit", _("保存并提交审核")),
    ("publish", _("直接发布")),
]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    action = forms.ChoiceField(label=_("导入后"), choices=ACTIONS, initial="draft", widget=forms.RadioSelect)

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            self.fields["action"].choices = ACTIONS[:2]


class RowImportForm(ImportForm):
    replace = forms.BooleanField(label=_("替换名录中现有的全部企业（不勾选则追加）"), required=False)
