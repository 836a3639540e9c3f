"""The project's templates are read without their indentation (federation/template_loader.py),
which renders the same and weighs less, and never touches text whose spaces count."""

from django.template import engines
from django.utils import translation

from federation.template_loader import dedent


def test_indentation_at_the_start_of_lines_is_dropped():
    source = "<ul>\n  {% for x in xs %}\n    <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n"
    assert dedent(source) == "<ul>\n{% for x in xs %}\n<li>{{ x }}</li>\n{% endfor %}\n</ul>\n"


def test_spaces_inside_a_line_are_kept():
    assert dedent("<p>one  two</p>\n\t<p>x</p>") == "<p>one  two</p>\n<p>x</p>"


def test_pre_textarea_and_an_untrimmed_blocktranslate_are_left_as_written():
    kept = [
        '<pre dir="ltr">\n    indented\n</pre>',
        "<textarea\n  name=x>\n   typed\n</textarea>",
        "{% blocktranslate with n=n %}Line one\n    line two{% endblocktranslate %}",
    ]
    for span in kept:
        assert dedent(f"<div>\n  {span}\n  </div>") == f"<div>\n{span}\n</div>"


def test_a_trimmed_blocktranslate_is_dedented_and_keeps_its_message_id():
    source = (
        "{% load i18n %}{% blocktranslate trimmed %}\n  Read the\n  minutes{% endblocktranslate %}"
    )
    template = engines["django"].from_string(dedent(source))
    with translation.override("ar"):
        arabic = translation.gettext("Read the minutes")
        assert arabic != "Read the minutes"  # the catalogue has it: the id was found
        assert template.render({}) == arabic


def test_project_pages_are_served_without_indentation(client, db):
    body = client.get("/en/organizations/").content.decode()
    lines = body.splitlines()
    assert len(lines) > 20
    assert not [line for line in lines if line[:1] in (" ", "\t")]
