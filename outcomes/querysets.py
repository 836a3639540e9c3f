from django.db import models
from django.db.models import Q
from django.utils import timezone

from events.models import Convening

OPEN_STATUSES = ("not_started", "in_progress")


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Recommendations of the convenings this user may see."""
        return self.filter(convening__in=Convening.objects.visible_to(user))

    def overdue(self, today=None):
        return self.filter(due_date__lt=today or timezone.localdate(), status__in=OPEN_STATUSES)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def due_between(self, start, end):
        return self.filter(Q(due_date__gte=start) & Q(due_date__lte=end), status__in=OPEN_STATUSES)

    def for_listing(self):
        return self.select_related("convening", "committee", "sector", "responsible")
