from django.utils.functional import SimpleLazyObject

from .models import Federation


def federation(request):
    # Lazy: a page that never shows the federation costs no query for it.
    return {"federation": SimpleLazyObject(Federation.load)}
