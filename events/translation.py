from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Convening, ConveningDocument, ConveningPhoto


@register(Convening)
class ConveningTranslation(TranslationOptions):
    fields = ("title", "venue_name", "venue_city", "slogan", "summary", "reported_in_words")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "topics", "facilitators")


@register(ConveningPhoto)
class ConveningPhotoTranslation(TranslationOptions):
    fields = ("caption",)


@register(ConveningDocument)
class ConveningDocumentTranslation(TranslationOptions):
    fields = ("title",)
