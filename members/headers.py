"""Security headers on every answer: a Content-Security-Policy, a Permissions-Policy, and
`Cache-Control: private` on whatever was made for one visitor.

Content-Security-Policy. The portal runs no inline script and no inline style: scripts are
files under /static/ (live.js), styles are tansiq.css, bars are <meter>/<progress>. So the
policy allows this origin only, and nothing inline; a script injected into a page would not
run. Images may also be data: URIs (allauth's TOTP set-up shows its QR code as one). The admin
is Django's own: its scripts are files too (their settings travel in data- attributes), but
its widgets and our logo preview write style attributes, so under ADMIN_PATH styles may be
inline; scripts may not, there either. A view that sets its own policy keeps it (uploaded files
are sent with a stricter one, members.files.FILE_POLICY).

Cache-Control. The rule is the page cache's (members.pagecache): an answer to a request that
carries a session cookie, or that sets one, was made for that visitor — join links of a
convening, the vote page, My account, an organization's people, the dashboard, the tally
screen, every page with a signed-in name in it — and is `private`: a shared cache (a proxy,
a CDN) must not keep it, the visitor's own browser may. Answers to visitors without a session
are the same for everyone and are left as they are. An answer that already says `public` (a
public logo sent by federation.views_media) says so for everyone and is kept.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ADMIN_POLICY = {**POLICY, "style-src": "'self' 'unsafe-inline'"}

# Powerful features no page of the portal uses, refused to it and to anything it might embed.
# (browsing-topics is what interest-cohort became; browsers warn about the old name.)
PERMISSIONS = (
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)


def header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


PAGE_CSP = header(POLICY)
ADMIN_CSP = header(ADMIN_POLICY)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in PERMISSIONS)
ADMIN_PATH = "/admin/"


def for_one_visitor(request, response) -> bool:
    cookie = settings.SESSION_COOKIE_NAME
    return cookie in request.COOKIES or cookie in response.cookies


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical 404 and 500 pages (DEBUG only, never in production) are made of
        # inline style and script: under the policy a developer would get them unreadable.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if "Content-Security-Policy" not in response and not debug_page:
            admin = request.path_info.startswith(ADMIN_PATH)
            response["Content-Security-Policy"] = ADMIN_CSP if admin else PAGE_CSP
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if for_one_visitor(request, response) and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response
