"""The project's date and number formats (federation/formats): a moment reads in each
language's own order and punctuation, on the 24-hour clock the pages use."""

import datetime

import pytest
from django.utils import formats, translation

from tests.events.factories import ConveningFactory

MOMENT = datetime.datetime(2027, 1, 1, 10, 30)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ar", "1 يناير، 2027، 10:30"), ("en", "Jan. 1, 2027, 10:30")],
)
def test_a_moment_reads_in_the_languages_order_on_the_24_hour_clock(language, shown):
    # Django has no Arabic moment: it fell back to "يناير 1, 2027, 10:30 ص".
    with translation.override(language):
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == shown


@pytest.mark.django_db
def test_a_convenings_page_separates_its_date_and_time_with_the_arabic_comma(client):
    convening = ConveningFactory(
        starts_at=datetime.datetime(2030, 6, 12, 7, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 6, 12, 13, 0, tzinfo=datetime.UTC),
        timezone="Europe/Istanbul",
    )
    html = client.get(f"/ar/convenings/{convening.slug}/").content.decode()
    assert "12 يونيو، 2030، 10:00</time>" in html
    assert "2030," not in html
