import pytest
from allauth.account.models import EmailAddress
from PIL import Image
from playwright.sync_api import expect

from members.models import Organization
from tests.members.factories import PASSWORD, BranchFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, user):
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Wait until the sign-in has landed; a navigation started earlier would cancel it.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def verified_user(db):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_language_switch_works_from_the_keyboard_and_keeps_the_page(page):
    OrganizationFactory(slug="relief", name_ar="جمعية الإغاثة", name_en="Relief Society")
    page.goto("/ar/organizations/relief/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/organizations/relief/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Relief Society")
    assert page.outside_requests == []


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_pages_fit_a_390px_phone(page, lang):
    branch = BranchFactory(slug="turkey")
    OrganizationFactory(
        slug="long",
        branch=branch,
        name_ar="جمعية ذات اسم طويل جدا جدا للتحقق من أن الصفحة لا تتجاوز عرض الهاتف",
        name_en="An Organization With A Very Very Long Name That Must Still Fit A Phone",
        website="https://example.org/a/very/long/path/that/should/wrap/without/overflowing",
    )
    for path in ("/", "/organizations/", "/organizations/long/", "/branches/turkey/"):
        page.goto(f"/{lang}{path}")
        assert no_horizontal_overflow(page), path
    assert page.outside_requests == []


def test_a_coordinator_registers_an_organization_with_a_logo(page, verified_user, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (600, 400), (11, 93, 75)).save(logo)
    sign_in(page, verified_user)
    page.goto("/en/organizations/register/")
    page.get_by_label("Name (Arabic)").fill("جمعية الأمل")
    page.get_by_label("Name (English)").fill("Hope Society")
    page.get_by_label("Acronym").fill("HOPE")
    page.get_by_label("Headquarters country").select_option("SY")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/en/organizations/hope/")
    assert "is registered as an applicant" in page.locator(".messages").inner_text()
    image = page.get_by_role("img", name="Logo of Hope Society")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert Organization.objects.get(slug="hope").status == "applicant"


def test_a_bad_logo_is_reported_next_to_its_field(page, verified_user, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"not an image")
    sign_in(page, verified_user)
    page.goto("/ar/organizations/register/")
    page.locator("#id_name_ar").fill("جمعية")
    page.locator("#id_logo").set_input_files(str(fake))
    page.locator("form.stack button[type=submit]").click()
    logo = page.locator("#id_logo")
    expect(logo).to_have_attribute("aria-invalid", "true")
    error_id = logo.get_attribute("aria-describedby").split()[-1]
    assert "PNG" in page.locator(f"#{error_id}").inner_text()
    assert not Organization.objects.exists()


def test_admin_translated_fields_are_tabs_without_outside_scripts(page):
    admin = UserFactory(is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The admin signs in through the portal's sign-in (rate limits, second factor), then returns.
    page.goto("/admin/login/?next=/admin/members/organization/add/")
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(admin.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/members/organization/add/")
    tabs = page.locator(".ui-tabs-nav").first.locator("a")
    # The tabs are built in a ready handler: expect() waits for them.
    expect(tabs).to_have_count(2)
    arabic, english = page.locator("#tab_id_name_ar"), page.locator("#tab_id_name_en")
    # The tab of the admin's language (English in this browser) opens first.
    expect(english).to_be_visible()
    expect(arabic).to_be_hidden()
    tabs.nth(0).click()
    expect(arabic).to_be_visible()
    expect(english).to_be_hidden()
    tabs.nth(0).press("ArrowRight")
    expect(english).to_be_visible()
    main_switch = page.locator("#modeltranslation-main-switch")
    expect(main_switch).to_have_attribute("aria-label", "Language")
    assert page.outside_requests == []
    assert errors == []
