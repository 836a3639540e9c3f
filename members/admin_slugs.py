"""Slugs in the admin: left empty, made from the name in either language (members.slugs)."""

from django.utils.translation import gettext_lazy as _

from .services.organizations import save_with_unique_slug


class SlugFromNameMixin:
    """For a ModelAdmin of a model with a unique `slug`: the slug may be left empty on adding,
    and is then made from `slug_sources` (the first that gives one), unique among its rows."""

    slug_sources: tuple[str, ...] = ("name_en", "name_ar")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("slug")
        if field is not None and obj is None:
            field.required = False
            field.help_text = _(
                "Leave empty to make it from the name (an Arabic name is written in Latin letters)."
            )
        return form

    def save_model(self, request, obj, form, change):
        if obj.slug:
            return super().save_model(request, obj, form, change)
        save_with_unique_slug(obj, *(getattr(obj, name, "") for name in self.slug_sources))
