"""The filter sidebar of every list page, rendered in Python.

Django renders each widget, and each <option> of a select, through a template of its own: for
a filter form of five fields with forty options that is most of a list page's rendering time.
The filter fields are simple (text inputs, selects, check boxes), so this tag writes their
HTML directly, with the same markup Django would give them (label, help text and errors tied
to the input by id and aria-describedby); any other widget falls back to Django's rendering.
"""

from django import forms, template
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _html_attrs(attrs):
    """Attributes in the order given (flatatt sorts them), booleans as bare names."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(' {}="{}"', key, value) if value is not True else format_html(" {}", key),)
            for key, value in attrs.items()
            if value is not None and value is not False
        ),
    )


def _value_set(field):
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def _attrs(field, extra):
    # In Django's own order: type, name, value, the widget's attributes, then the id.
    widget = field.field.widget
    attrs = {key: extra[key] for key in ("type",) if key in extra}
    attrs["name"] = field.html_name
    attrs.update(extra)
    attrs.update(widget.attrs)
    attrs["id"] = field.auto_id
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs


def _select(field):
    # The options as plain strings: format_html per option was most of the sidebar's cost.
    chosen = _value_set(field)
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>'
        f"{conditional_escape(label)}</option>"
        for value, label in ((str(v), text) for v, text in field.field.choices)
    )
    return format_html("<select{}>{}</select>", _html_attrs(_attrs(field, {})), mark_safe(options))


def _input(field, kind):
    value = field.value()
    extra = {"type": kind}
    if kind != "checkbox" and value not in (None, ""):
        extra["value"] = str(value)
    attrs = _attrs(field, extra)
    if kind == "checkbox" and field.field.widget.check_test(value):
        attrs["checked"] = True
    return format_html("<input{}>", _html_attrs(attrs))


def _widget(field):
    widget = field.field.widget
    if isinstance(widget, forms.Select) and not isinstance(
        widget, forms.SelectMultiple | forms.RadioSelect
    ):
        return _select(field)
    if isinstance(widget, forms.CheckboxInput):
        return _input(field, "checkbox")
    if isinstance(widget, forms.TextInput | forms.NumberInput | forms.DateInput) and not (
        widget.is_hidden
    ):
        return _input(field, widget.input_type)
    return str(field)  # anything else: Django's own rendering


@register.simple_tag
def filter_fields(form):
    """The form's errors and fields, each in a <div class="field">."""
    parts = []
    if form.non_field_errors():
        parts.append(
            format_html('<div class="form-errors" role="alert">{}</div>', form.non_field_errors())
        )
    for field in form.hidden_fields():
        parts.append(str(field))
    for field in form.visible_fields():
        classes = "field has-error" if field.errors else "field"
        label = format_html(
            '<label for="{}">{}</label>', field.auto_id, conditional_escape(field.label)
        )
        help_text = (
            format_html(
                '<div class="helptext" id="{}_helptext">{}</div>', field.auto_id, field.help_text
            )
            if field.help_text
            else ""
        )
        errors = (
            format_html(
                '<ul class="errorlist" id="{}_error">{}</ul>',
                field.auto_id,
                format_html_join("", "<li>{}</li>", ((e,) for e in field.errors)),
            )
            if field.errors
            else ""
        )
        parts.append(
            format_html(
                '<div class="{}">{}{}{}{}</div>', classes, label, help_text, errors, _widget(field)
            )
        )
    return mark_safe("\n".join(parts))
