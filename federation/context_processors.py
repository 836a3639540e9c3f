from django.conf import settings
from django.utils.translation import get_language


def languages(request):
    """The other languages of this page, for the switch in the header."""
    current = get_language()
    return {
        "other_languages": [(code, name) for code, name in settings.LANGUAGES if code != current],
        "next_path": request.get_full_path(),
    }
