from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Branch, Federation, Office, Organization, Person, Place, Sector


@register(Federation)
class FederationTranslation(TranslationOptions):
    fields = ("name", "short_name", "short_description", "address")


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Branch)
class BranchTranslation(TranslationOptions):
    fields = ("name", "seat_city")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description", "city", "areas_of_work", "registration_authority")


@register(Person)
class PersonTranslation(TranslationOptions):
    # Names are written in each script: «خضر السوطري» and "Khudr al-Sotari".
    fields = ("name",)


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("title",)


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("description",)
