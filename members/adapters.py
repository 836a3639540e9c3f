import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.html import strip_tags
from django.utils.translation import get_language

from . import mail
from .client_ip import client_ip
from .models import Federation, User


def _bodies(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML of a message allauth rendered (text only unless an HTML template
    exists)."""
    if message.content_subtype == "html":
        return strip_tags(message.body), message.body
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", ())
            if mimetype == "text/html"
        ),
        "",
    )
    return message.body, html


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the visitor signed up in, with the name they
        # gave (the sign-up form then creates the account's person with it).
        user.preferred_language = (get_language() or "ar")[:2]
        name = form.cleaned_data.get("name")
        if name:
            user.name = name
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # Behind TRUSTED_PROXY_COUNT proxies: else every client would share the proxy's address
        # and its rate limits (ten failed sign-ins by anyone would lock everyone out).
        ip = client_ip(request)
        if not ip:
            return super().get_client_ip(request)  # refuses (403) without an address
        return ip

    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail as allauth does, in the page's language, then queue it in the
        outbox instead of sending it: SMTP being down must not answer 500, and the mail leaves
        (retried) when it is back. Every allauth mail comes here: confirmation, password reset,
        "an account already exists", notifications."""
        request = allauth_context.request
        federation = Federation.load()
        ctx = {
            "request": request,
            "email": email,
            # allauth's templates say "Hello from {{ current_site.name }}": the federation, not
            # the host name Django's RequestSite would give.
            "current_site": SimpleNamespace(
                name=str(federation.name), domain=urlsplit(settings.SITE_URL).netloc
            ),
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        text, html = _bodies(message)
        user = context.get("user")
        recipient = user if isinstance(user, User) and user.pk else None
        mail.queue_rendered(
            address=email,
            language=(get_language() or settings.LANGUAGE_CODE)[:8],
            kind=(mail.SECRET_KIND_PREFIX + template_prefix.rsplit("/", 1)[-1])[:40],
            key=uuid.uuid4().hex,  # each of allauth's mails is its own: a second reset link too
            subject=message.subject,
            text=text,
            html=html,
            recipient=recipient,
        )


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url):
        """The set-up QR code as an <svg> element the page includes as it is: drawn here (no
        outside request, no data: image for the Content-Security-Policy to allow), on white
        with its quiet zone so a phone reads it on any background."""
        import qrcode
        from qrcode.image.svg import SvgPathFillImage

        return qrcode.make(url, image_factory=SvgPathFillImage).to_string(encoding="unicode")
