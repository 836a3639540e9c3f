"""Roles in templates: `{% load roles %}{% if request.user|is_secretariat %}`."""

from django import template

from members import roles

register = template.Library()


@register.filter
def is_secretariat(user):
    return roles.is_secretariat(user)
