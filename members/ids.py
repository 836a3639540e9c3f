"""Ids read from forms and query strings, parsed strictly.

An id is one to 18 ASCII digits, 1 or more: nothing else is ever an id of ours (a bigint holds
up to 19 digits; no table comes near 18). Python's `int()` reads “٣” as 3 and refuses “²”
with a ValueError, and Django's IntegerField does the same; a 5,000-digit number overflows the
database or SQLite's driver. Each of those was a server error or another record than the one
meant: here each is simply not an id, and the form says so.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DIGITS = 18
_ID = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
# Admin list filters also compare ordinary numbers (a count, a year): the same digits, signed.
_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")


def parse_id(value) -> int | None:
    """The id `value` spells (ASCII digits only, at most 18 of them, not 0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value < 10**MAX_DIGITS else None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number or None


def is_integer_text(value) -> bool:
    """Whether `value` is a whole number in ASCII digits that any integer column can compare."""
    return isinstance(value, str) and bool(_INTEGER.fullmatch(value))


class IdField(forms.Field):
    """A form field for one id (usually hidden): the number, or the form's "invalid" error."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": _(
            "This form was not understood; nothing was saved. Reload the page and try again."
        )
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class _StrictIds:
    """For model choice fields keyed by a whole-number column (the primary key): a value that
    is not an id is an invalid choice before the database is asked."""

    def _keyed_by_number(self) -> bool:
        opts = self.queryset.model._meta
        key = opts.pk if self.to_field_name in (None, "pk") else opts.get_field(self.to_field_name)
        return isinstance(key, models.IntegerField)

    def _strict(self, value, code):
        if value in self.empty_values or not self._keyed_by_number():
            return value
        number = parse_id(value)
        if number is None:
            shown = str(value)[:20]
            raise ValidationError(
                self.error_messages[code], code=code, params={"value": shown, "pk": shown}
            )
        return str(number)


class IdChoiceField(_StrictIds, forms.ModelChoiceField):
    def to_python(self, value):
        return super().to_python(self._strict(value, "invalid_choice"))


class IdMultipleChoiceField(_StrictIds, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        return super()._check_values([self._strict(v, "invalid_pk_value") for v in value])
