"""Uploaded files: stored under random names with the extension of what they contain, and sent
only by a view that checks who may see them, with their real type and the headers that keep a
browser from reading them as something else."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from events.models import Convening, ConveningDocument, ConveningPhoto
from members import files
from members.images import process_image
from members.models import Federation, Organization
from outcomes import services as outcome_services
from tests.events.factories import ConveningFactory, PastConveningFactory
from tests.federation.test_settings import load_settings
from tests.members.factories import (
    AffiliationFactory,
    OrganizationFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.outcomes.factories import CommitteeMemberFactory, RecommendationFactory
from tests.outcomes.voting import attend, coordinator_of, secretariat, teller_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RANDOM = r"[A-Za-z0-9_-]{24}"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def document(convening, name="minutes.pdf", content=PDF, title="Minutes"):
    """A convening document saved the way the admin's form saves it: the upload, under the
    uploader's name, assigned to the field and validated by the model."""
    record = ConveningDocument(convening=convening, title_en=title, title_ar=title)
    record.file = upload(name, content, "text/html")
    record.full_clean()
    record.save()
    return record


def photo(convening):
    return ConveningPhoto.objects.create(
        convening=convening,
        caption_en="The hall",
        caption_ar="القاعة",
        image=process_image(upload("hall.png", png_bytes(), "image/png")),
    )


def with_logo(organization, name="logo.png"):
    organization.logo.save(name, process_image(upload(name, png_bytes(), "image/png")))
    return organization


def evidence(recommendation, name, content):
    return outcome_services.progress_update_post(
        user=SecretariatFactory(),
        recommendation=recommendation,
        note="Done.",
        status="in_progress",
        progress=10,
        attachment=upload(name, content),
    )


def member():
    return AffiliationFactory(organization=OrganizationFactory(status="active")).user


def fetch(field_file, user=None, **extra):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(field_file.url, **extra)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# Names and types -------------------------------------------------------------------------------


def test_an_html_named_upload_that_is_a_pdf_is_stored_and_served_as_a_pdf():
    record = document(ConveningFactory(), name="evil.html", title="Minutes")
    assert re.fullmatch(rf"convenings/documents/{RANDOM}\.pdf", record.file.name)
    response = fetch(record.file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A PDF is the uploader's own bytes: downloaded, not rendered inside the portal's origin.
    assert response["Content-Disposition"] == 'attachment; filename="Minutes.pdf"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert body(response) == PDF


def test_evidence_keeps_the_extension_of_its_checked_type_not_of_its_name():
    recommendation = RecommendationFactory(convening=PastConveningFactory())
    pdf = evidence(recommendation, "report.html", PDF).attachment
    image = evidence(recommendation, "scan.pdf", png_bytes()).attachment
    assert re.fullmatch(rf"updates/{RANDOM}\.pdf", pdf.name)
    assert re.fullmatch(rf"updates/{RANDOM}\.png", image.name)  # re-encoded as PNG
    response = fetch(image)
    assert (response["Content-Type"], response["Content-Disposition"]) == ("image/png", "inline")
    assert Image.open(io.BytesIO(body(response))).format == "PNG"
    assert fetch(pdf)["Content-Type"] == "application/pdf"


def test_stored_names_are_random_whatever_the_uploader_called_the_file():
    first = with_logo(OrganizationFactory(), "logo.png").logo.name
    second = with_logo(OrganizationFactory(), "logo.png").logo.name
    assert first != second
    for name in (first, second):
        assert re.fullmatch(rf"logos/{RANDOM}\.png", name)


def test_a_file_of_no_type_we_accept_is_sent_as_a_download_of_unknown_type(settings):
    """A file stored before names followed content ("old.html"), or anything the storage does not
    recognise, is never shown by the browser as a page of the portal."""
    assert files.sniff(b"<html><script>alert(1)</script>") == "bin"
    (settings.MEDIA_ROOT / "convenings" / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "convenings" / "documents" / "old.html").write_text("<script>")
    record = ConveningDocument.objects.create(
        convening=ConveningFactory(),
        title_en="Old",
        title_ar="Old",
        file="convenings/documents/old.html",
    )
    response = fetch(record.file)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="Old.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


# Guessable and missing paths -------------------------------------------------------------------


def test_guessable_paths_answer_404_even_when_the_file_is_on_disk(settings):
    convening = ConveningFactory()
    document(convening, name="minutes.pdf")
    with_logo(OrganizationFactory(), "acme.png")
    stray = settings.MEDIA_ROOT / "logos" / "acme.png"
    assert not (settings.MEDIA_ROOT / "convenings" / "documents" / "minutes.pdf").exists()
    assert not stray.exists()
    # What the old storage kept under the uploader's name, now a stray file with no record.
    stray.write_bytes(png_bytes())
    client = Client()
    for path in ("/media/convenings/documents/minutes.pdf", "/media/logos/acme.png"):
        assert client.get(path).status_code == 404
    client.force_login(SecretariatFactory())
    assert client.get("/media/logos/acme.png").status_code == 404


def test_a_record_whose_file_is_gone_answers_404(settings):
    record = document(ConveningFactory())
    assert fetch(record.file).status_code == 200
    (settings.MEDIA_ROOT / record.file.name).unlink()
    assert fetch(record.file).status_code == 404


def test_files_are_only_read_not_written():
    record = document(ConveningFactory())
    assert Client().post(record.file.url).status_code == 405
    assert Client().head(record.file.url).status_code == 200


# Who may see what ------------------------------------------------------------------------------


def test_files_of_a_members_only_convening_are_for_those_who_may_see_it():
    convening = ConveningFactory(visibility=Convening.Visibility.MEMBERS)
    convening.cover.save("cover.png", process_image(upload("cover.png", png_bytes())))
    stored = [convening.cover, photo(convening).image, document(convening).file]
    for field_file in stored:
        applicant = coordinator_of(OrganizationFactory(status="applicant"))
        for stranger in (None, UserFactory(), applicant):
            assert fetch(field_file, stranger).status_code == 404, (field_file.name, stranger)
        for allowed in (member(), SecretariatFactory()):
            response = fetch(field_file, allowed)
            assert response.status_code == 200
            assert response["Cache-Control"].startswith("private")


def test_files_of_a_public_convening_are_for_anyone_and_may_be_cached_by_anyone():
    convening = ConveningFactory(visibility=Convening.Visibility.PUBLIC)
    for field_file in (photo(convening).image, document(convening).file):
        response = fetch(field_file)
        assert response.status_code == 200
        assert response["Cache-Control"] == f"public, max-age={files.MAX_AGE}"
        assert "Cookie" not in response.get("Vary", "")


def test_a_logo_is_seen_by_whoever_may_see_its_organization():
    active = with_logo(OrganizationFactory(status="active"))
    applicant = with_logo(OrganizationFactory(status="applicant"))
    assert fetch(active.logo)["Cache-Control"].startswith("public")
    assert fetch(applicant.logo).status_code == 404
    assert fetch(applicant.logo, UserFactory()).status_code == 404
    own = fetch(applicant.logo, coordinator_of(applicant))
    assert (own.status_code, own["Cache-Control"]) == (200, f"private, max-age={files.MAX_AGE}")
    assert fetch(applicant.logo, SecretariatFactory()).status_code == 200


def test_the_federation_logo_is_public():
    federation = Federation.objects.create(name="Union")
    federation.logo.save("logo.png", process_image(upload("logo.png", png_bytes())))
    response = fetch(federation.logo)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


def test_evidence_follows_who_may_see_the_recommendation():
    hidden = RecommendationFactory(
        convening=PastConveningFactory(visibility=Convening.Visibility.MEMBERS)
    )
    update = evidence(hidden, "report.pdf", PDF)
    seat = CommitteeMemberFactory(committee=hidden.committee)
    reporter = UserFactory()
    seat.person.user = reporter
    seat.person.save()
    assert fetch(update.attachment).status_code == 404
    assert fetch(update.attachment, UserFactory()).status_code == 404
    for allowed in (member(), reporter, SecretariatFactory()):
        response = fetch(update.attachment, allowed)
        assert response.status_code == 200, allowed
        assert response["Cache-Control"].startswith("private")
    shown = evidence(RecommendationFactory(convening=PastConveningFactory()), "r.pdf", PDF)
    assert fetch(shown.attachment)["Cache-Control"].startswith("public")


def test_proxy_letters_are_for_the_secretariat_and_the_convenings_tellers_only():
    convening = PastConveningFactory(visibility=Convening.Visibility.PUBLIC)
    giver, holder = attend(convening, "room"), attend(convening, "room")
    proxy = outcome_services.proxy_record(
        user=secretariat(),
        convening=convening,
        giver=giver,
        holder=holder,
        letter=upload("letter.html", PDF, "text/html"),
    )
    assert re.fullmatch(rf"proxies/{RANDOM}\.pdf", proxy.letter.name)
    strangers = (
        None,
        UserFactory(),
        coordinator_of(giver),
        coordinator_of(holder),
        teller_of(PastConveningFactory()),  # a teller, of another convening
        teller_of(convening, in_group=False),  # named, without the teller role
    )
    for stranger in strangers:
        assert fetch(proxy.letter, stranger).status_code == 404, stranger
    for allowed in (teller_of(convening), SecretariatFactory()):
        response = fetch(proxy.letter, allowed)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"].startswith("private")


# Production: nginx sends the bytes -------------------------------------------------------------


def test_with_media_accel_redirect_nginx_is_told_to_send_the_file(settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    record = document(ConveningFactory(visibility=Convening.Visibility.MEMBERS), name="x.html")
    response = fetch(record.file, member())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{record.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"].startswith("private")
    # The view still decides: a stranger is not sent anywhere.
    refused = fetch(record.file)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_a_malformed_media_accel_redirect_stops_start_up():
    result = load_settings(DEBUG="true", MEDIA_ACCEL_REDIRECT="protected-media")
    assert "MEDIA_ACCEL_REDIRECT must be a path" in result.stderr


def test_the_view_finds_a_files_record_by_an_indexed_name():
    assert Organization._meta.get_field("logo").db_index
    assert ConveningDocument._meta.get_field("file").db_index
