"""A small multiple-choice model field stored as ",a,b," in a CharField.

Portable (SQLite and PostgreSQL), filterable with ``field__contains=",a,"``, and serialisable into page
revisions as plain text.
"""

from django import forms
from django.db import models


class ChoiceListField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _split(value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple, set)):
            return [str(v) for v in value]
        return [part for part in str(value).split(",") if part]

    def from_db_value(self, value, expression, connection):
        return self._split(value)

    def to_python(self, value):
        return self._split(value)

    def get_prep_value(self, value):
        if isinstance(value, str) and value.startswith(","):
            return value  # already prepared, e.g. a ",credit," lookup value
        items = self._split(value)
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(k) for k, _label in self.choices or []}
        for item in value or []:
            if item not in allowed:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": item})
        if not value and not self.blank:
            raise forms.ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices, required=not self.blank, label=self.verbose_name, help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        return name, path, args, kwargs

    @staticmethod
    def contains(code):
        """The lookup value that matches rows including ``code``."""
        return f",{code},"
