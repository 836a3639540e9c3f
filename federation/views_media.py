"""Every uploaded file, sent by the one view that knows who may see it.

An uploaded file's URL is MEDIA_URL + its stored name (members.files.UploadStorage makes the
names unguessable). This view finds the record that holds the name, asks the rule of that kind
of record whether the visitor may see it, and answers 404 otherwise (as for a name that does
not exist, so existence does not leak). Who sees what is read from the querysets the pages use:

- logos: the federation's, anyone's; an organization's, whoever may see the organization;
- covers, photos and documents of a convening: whoever may see the convening;
- evidence of a progress update: whoever may see the recommendation (its convening's
  visibility, or because they answer for it);
- proxy letters: the secretariat and the convening's tellers only.

What anonymous visitors may see is PUBLIC (shared caches may keep it); the rest is PRIVATE.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Convening, ConveningDocument, ConveningPhoto
from events.permissions import may_record
from members import files
from members.models import Federation, Organization
from outcomes.models import ProgressUpdate, Proxy, Recommendation


def _audience(queryset: models.QuerySet, pk: int, user) -> str | None:
    """PUBLIC if an anonymous visitor sees row `pk` of `queryset`'s model, PRIVATE if `user`
    does, None if neither; `queryset` is the manager whose visible_to() is the rule."""
    if queryset.visible_to(AnonymousUser()).filter(pk=pk).exists():
        return files.PUBLIC
    if user.is_authenticated and queryset.visible_to(user).filter(pk=pk).exists():
        return files.PRIVATE
    return None


def _federation_logo(request, federation):
    return files.PUBLIC, ""


def _organization_logo(request, organization):
    return _audience(Organization.objects, organization.pk, request.user), ""


def _convening_cover(request, convening):
    return _audience(Convening.objects, convening.pk, request.user), ""


def _convening_photo(request, photo):
    return _audience(Convening.objects, photo.convening_id, request.user), ""


def _convening_document(request, document):
    return _audience(Convening.objects, document.convening_id, request.user), document.title


def _evidence(request, update):
    audience = _audience(Recommendation.objects, update.recommendation_id, request.user)
    label = _("Evidence %(number)s-%(update)s") % {
        "number": update.recommendation.number,
        "update": update.pk,
    }
    return audience, label


def _proxy_letter(request, proxy):
    audience = files.PRIVATE if may_record(request.user, proxy.convening) else None
    return audience, _("Proxy letter %(organization)s") % {"organization": proxy.giver.name}


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    field: str
    related: tuple[str, ...]
    # (request, record) -> (audience or None, label of a download)
    rule: Any

    @property
    def directory(self) -> str:
        return self.model._meta.get_field(self.field).upload_to


SOURCES = (
    Source(Federation, "logo", (), _federation_logo),
    Source(Organization, "logo", (), _organization_logo),
    Source(Convening, "cover", (), _convening_cover),
    Source(ConveningPhoto, "image", (), _convening_photo),
    Source(ConveningDocument, "file", (), _convening_document),
    Source(ProgressUpdate, "attachment", ("recommendation",), _evidence),
    Source(Proxy, "letter", ("convening", "giver"), _proxy_letter),
)


@require_safe
def media_file(request, path):
    """The stored file `path`, to those its record's rule lets see it; 404 to anyone else."""
    for source in SOURCES:
        if not path.startswith(source.directory):
            continue
        record = (
            source.model._base_manager.select_related(*source.related)
            .filter(**{source.field: path})
            .first()
        )
        if record is None:
            break
        audience, label = source.rule(request, record)
        if audience is None:
            break
        return files.serve(path, audience=audience, label=label)
    raise Http404
