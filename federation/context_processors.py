from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def languages(request):
    """The page in each other language, for the switch in the header.

    The target URL is translated here, while the active language matches the URL's prefix:
    set_language's own translate_url() resolves the path under the language of the *switch*
    request (the browser's Accept-Language or cookie), which fails for /ar/ paths when that
    language is English, and would leave the visitor on the same language.
    """
    current = get_language()
    path = request.get_full_path()
    return {
        "other_languages": [
            (code, name, translate_url(path, code))
            for code, name in settings.LANGUAGES
            if code != current
        ],
    }
