from django.urls import path, register_converter

from members.converters import SmallNumber

from .views import (
    committees,
    deadlines,
    exports,
    live,
    minutes,
    recommendations,
    report,
    tally,
    tracker,
    voting,
)

register_converter(SmallNumber, "number")

app_name = "outcomes"

urlpatterns = [
    path("recommendations/", tracker.recommendation_list, name="recommendation_list"),
    path("recommendations/export.csv", tracker.recommendation_csv, name="recommendation_csv"),
    path("recommendations/report/", report.recommendation_report, name="recommendation_report"),
    path(
        "recommendations/report.csv",
        exports.report_export,
        {"fmt": "csv"},
        name="recommendation_report_csv",
    ),
    path(
        "recommendations/report.xlsx",
        exports.report_export,
        {"fmt": "xlsx"},
        name="recommendation_report_xlsx",
    ),
    path(
        "recommendations/deadlines/<str:token>.ics",
        deadlines.personal_deadlines,
        name="personal_deadlines",
    ),
    path(
        "committees/<slug:slug>/deadlines.ics",
        deadlines.committee_deadlines,
        name="committee_deadlines",
    ),
    path(
        "organizations/<slug:slug>/deadlines.ics",
        deadlines.organization_deadlines,
        name="organization_deadlines",
    ),
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", committees.committee_detail, name="committee_detail"),
    path(
        "recommendations/<slug:convening>/<number:number>/",
        recommendations.recommendation_detail,
        name="recommendation_detail",
    ),
    path("convenings/<slug:slug>/vote/", voting.convening_vote, name="convening_vote"),
    path("convenings/<slug:slug>/tally/", tally.convening_tally, name="convening_tally"),
    path("convenings/<slug:slug>/live/", live.convening_live, name="convening_live"),
    path(
        "convenings/<slug:slug>/results.csv",
        exports.results_export,
        {"fmt": "csv"},
        name="convening_results_csv",
    ),
    path(
        "convenings/<slug:slug>/results.xlsx",
        exports.results_export,
        {"fmt": "xlsx"},
        name="convening_results_xlsx",
    ),
    path("convenings/<slug:slug>/live.json", live.convening_live_json, name="convening_live_json"),
    path("convenings/<slug:slug>/minutes/", minutes.minutes_page, name="minutes"),
    path("convenings/<slug:slug>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("convenings/<slug:slug>/minutes.docx", minutes.minutes_docx, name="minutes_docx"),
    path("convenings/<slug:slug>/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
]
