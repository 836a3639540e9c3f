"""{% form_token %}: the one-time token of a form that saves once (members.once)."""

from django import template
from django.utils.html import format_html

from .. import once

register = template.Library()


@register.simple_tag
def form_token():
    """A hidden input with a fresh token: put it in every form whose view saves through
    members.once.submit_once, next to {% csrf_token %}."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_token())
