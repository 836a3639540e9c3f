from django.urls import path

from .views import committees, tracker, voting

app_name = "outcomes"

urlpatterns = [
    path("recommendations/", tracker.recommendation_list, name="recommendation_list"),
    path("recommendations/export.csv", tracker.recommendation_csv, name="recommendation_csv"),
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", committees.committee_detail, name="committee_detail"),
    path(
        "committees/<slug:slug>/recommendations/<int:pk>/update/",
        committees.progress_update,
        name="progress_update",
    ),
    path("convenings/<slug:slug>/vote/", voting.convening_vote, name="convening_vote"),
]
