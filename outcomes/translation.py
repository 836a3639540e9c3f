from modeltranslation.translator import TranslationOptions, register

from .models import Committee, MinutesDiscussion, Motion, ProgressUpdate, Recommendation


@register(Motion)
class MotionTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    # A note is written in one language; the other shows it through the fallback.
    fields = ("note",)


@register(MinutesDiscussion)
class MinutesDiscussionTranslation(TranslationOptions):
    # Written by the secretariat in each language; the other shows it through the fallback.
    fields = ("text",)
