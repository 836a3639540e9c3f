"""The minutes of the Istanbul assembly (load_demo), read back from all three forms in both
languages: the page, the PDF's extracted text and the .docx, against the record (25 in the
room and 29 online, 54 in all; the bylaw adopted by 24 of 25 and 9 of 29; nine
recommendations)."""

import io
import re

import docx
import pypdf
import pytest

from events.models import Convening
from members.models import Federation, User
from outcomes.models import MotionResult, Recommendation
from outcomes.services import minutes as services
from tests.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_settings")]

ISTANBUL = "istanbul-general-assembly-2017"
# Words of the record, in the order the minutes give them (the title, the sections' headings
# as the Arabic catalogue has them, the motion, a recommendation and the committee).
ARABIC_IN_ORDER = [
    "الهيئة العامة لاتحاد منظمات المجتمع المدني السوري",
    "الحضور",
    "الافتتاح وكلمة الأمين العام",
    "إقرار قانون الأفرع الجديد",
    "رصد الانتهاكات الإعلامية",
    "لجنة المناصرة",
]


@pytest.fixture
def published(client):
    load_demo()
    secretariat = User.objects.get(email="admin@example.org")
    convening = Convening.objects.get(slug=ISTANBUL)
    minutes = services.minutes_start(user=secretariat, convening=convening)
    opening = convening.agenda.order_by("position", "pk").first()
    services.minutes_discussion_save(
        user=secretariat,
        minutes=minutes,
        agenda_item=opening,
        text_ar="ناقش الحاضرون خطة العام المقبل",
        text_en="Those present discussed the next year's plan.",
    )
    services.minutes_approve(user=secretariat, minutes=minutes)
    services.minutes_publish(user=secretariat, minutes=minutes)
    return convening


def _flat(text):
    return re.sub(r"\s+", " ", text)


def _in_order(text, phrases):
    """Each phrase found after the one before it."""
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, f"{phrase!r} not found after position {position}"
        position = found + len(phrase)


def _pdf_text(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return _flat(" ".join(page.extract_text() for page in reader.pages)), reader


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    return document, paragraphs


def test_the_page_says_what_the_record_holds_in_english(client, published):
    response = client.get(f"/en/convenings/{ISTANBUL}/minutes/")
    assert response.status_code == 200
    text = _flat(response.content.decode())
    for words in (
        "Grand Anka Hotel",
        "Webex",
        "Reported totals",
        "Approval of the new branches bylaw",
        "24 / 25",
        "9 / 29",
        "33 / 54",
        "Those present discussed the next year",
        "Advocacy committee",
    ):
        assert words in text, words
    # Attendance: 25 in the room, 29 online, 54 in all.
    assert re.search(r"In the room</dt><dd><bdi>25<", text)
    assert re.search(r"Online</dt><dd><bdi>29<", text)
    assert re.search(r"In all</dt><dd><bdi>54<", text)
    numbers = re.findall(r'<li value="(\d+)">', text)
    assert numbers == [str(n) for n in range(1, 10)]


def test_the_page_in_arabic_is_right_to_left_and_in_the_record_order(client, published):
    response = client.get(f"/ar/convenings/{ISTANBUL}/minutes/")
    text = _flat(response.content.decode())
    assert 'lang="ar" dir="rtl"' in text
    _in_order(text, ARABIC_IN_ORDER)
    assert "ناقش الحاضرون خطة العام المقبل" in text


def test_the_stored_rule_and_quorum_are_shown_or_said_not_stated(client, published):
    stored = MotionResult.objects.get(motion__convening__slug=ISTANBUL)
    text = _flat(client.get(f"/en/convenings/{ISTANBUL}/minutes/").content.decode())
    if stored.majority_rule in ("", "not_stated"):
        assert "Majority rule</dt><dd><bdi>not stated" in text
    else:
        assert f"Majority rule</dt><dd><bdi>{stored.get_majority_rule_display()}" in text


def test_the_arabic_pdf_has_the_words_in_order_numbered_pages_and_the_federation(client, published):
    response = client.get(f"/ar/convenings/{ISTANBUL}/minutes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = _pdf_text(response.content)
    _in_order(text, ARABIC_IN_ORDER)
    assert "ناقش الحاضرون خطة العام المقبل" in text
    pages = len(reader.pages)
    assert pages >= 2
    last = _flat(reader.pages[-1].extract_text())
    assert f"{pages}" in last
    name = Federation.objects.get().name_ar
    for page in reader.pages:  # the federation's name heads every page
        assert name in _flat(page.extract_text())


def test_the_english_pdf_has_the_counts_and_nine_recommendations(client, published):
    text, _reader = _pdf_text(client.get(f"/en/convenings/{ISTANBUL}/minutes.pdf").content)
    for words in ("24 / 25", "9 / 29", "33 / 54", "Grand Anka Hotel", "Page 1 of"):
        assert words in text, words
    _in_order(text, ["Attendance", "25", "29", "54", "Votes", "Recommendations"])
    for number in range(1, 10):
        assert f"{number}. " in text
    assert Recommendation.objects.filter(convening__slug=ISTANBUL).count() == 9


def test_the_docx_reads_back_right_to_left_in_arabic(client, published):
    response = client.get(f"/ar/convenings/{ISTANBUL}/minutes.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document, paragraphs = _docx_text(response.content)
    _in_order(" ".join(paragraphs), ARABIC_IN_ORDER)
    body = [p for p in document.paragraphs if p.text.strip()]
    assert body and all(
        p._p.pPr is not None and p._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None for p in body
    )
    runs = [run for p in body for run in p.runs]
    assert all(run._r.rPr.find(docx.oxml.ns.qn("w:rtl")) is not None for run in runs)
    numbered = [p.text for p in body if re.match(r"^\d+\. ", p.text)]
    assert "رصد الانتهاكات الإعلامية" in " ".join(numbered)


def test_the_english_docx_has_the_counts_left_to_right(client, published):
    document, paragraphs = _docx_text(client.get(f"/en/convenings/{ISTANBUL}/minutes.docx").content)
    text = "\n".join(paragraphs)
    for row in ("In the room | 25", "Online | 29", "In all | 54"):
        assert row in text, row
    assert "24 / 25" in text and "9 / 29" in text
    items = [
        p.text
        for p in document.paragraphs
        if p.style.name == "Normal" and re.match(r"^\d\. ", p.text)  # not the agenda headings
    ]
    assert [int(item.split(".")[0]) for item in items] == list(range(1, 10))
    assert all(
        p._p.pPr is None or p._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is None
        for p in document.paragraphs
    )
