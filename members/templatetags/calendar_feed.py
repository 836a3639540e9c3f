"""The personal calendar feed's address, for the include under My account."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_url(context):
    """The absolute URL of the signed-in user's feed in the page's language; "" if none yet."""
    request = context.get("request")
    user = getattr(request, "user", None)
    token = getattr(user, "feed_token", None) if user and user.is_authenticated else None
    if not token:
        return ""
    # Named, not imported: the feed's view lives in a higher layer (outcomes).
    path = reverse("outcomes:personal_deadlines", kwargs={"token": token})
    return request.build_absolute_uri(path)
