"""Isolating user-written text in translated sentences, so that a name in the other script
cannot reorder the words around it (an English name in an Arabic sentence, say).

`bdi` is for HTML (`{% blocktranslate with name=organization.name|bdi %}`), `isolate` for
plain-text e-mails (Unicode first-strong isolate … pop directional isolate)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value):
    return f"\u2068{value}\u2069"
