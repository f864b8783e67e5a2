"""Password policy (F-SEC-2): at least three of four character classes, on top of Django's length check."""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CLASSES = (
    (_("大写字母"), lambda c: c.isascii() and c.isupper()),
    (_("小写字母"), lambda c: c.isascii() and c.islower()),
    (_("数字"), lambda c: c.isdigit()),
    (_("符号"), lambda c: c in string.punctuation or c == " "),
)


class CharacterClassesValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def classes_in(self, password):
        return sum(1 for _label, test in CLASSES if any(test(char) for char in password))

    def validate(self, password, user=None):
        if self.classes_in(password) < self.min_classes:
            raise ValidationError(
                _("密码至少要包含大写字母、小写字母、数字、符号中的%(count)d类。"),
                code="password_too_simple",
                params={"count": self.min_classes},
            )

    def get_help_text(self):
        return _("密码至少要包含大写字母、小写字母、数字、符号中的%(count)d类。") % {"count": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length check with a Chinese message (Django's zh-hans catalogue lacks this plural form)."""

    def get_error_message(self):
        return _("密码太短，至少需要%(min_length)d个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要%(min_length)d个字符。") % {"min_length": self.min_length}
