from django.urls import path

from .views import calendar, checkin, convenings, exports, registration

app_name = "events"

urlpatterns = [
    path("convenings/", convenings.convening_list, name="convening_list"),
    path("convenings/feed.ics", calendar.feed_ics, name="feed_ics"),
    path("convenings/<slug:slug>/", convenings.convening_detail, name="convening_detail"),
    path(
        "convenings/<slug:slug>/register/",
        registration.convening_register,
        name="convening_register",
    ),
    path("convenings/<slug:slug>/check-in/", checkin.convening_checkin, name="convening_checkin"),
    path("convenings/<slug:slug>/calendar.ics", calendar.convening_ics, name="convening_ics"),
    path(
        "convenings/<slug:slug>/attendance.csv",
        exports.attendance_export,
        {"fmt": "csv"},
        name="convening_attendance_csv",
    ),
    path(
        "convenings/<slug:slug>/attendance.xlsx",
        exports.attendance_export,
        {"fmt": "xlsx"},
        name="convening_attendance_xlsx",
    ),
]
