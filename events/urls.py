from django.urls import path

from events import views
from events.feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("feed.atom", EventFeed(), name="event-feed"),
    path("types/<slug:slug>/calendar.ics", views.type_calendar_feed, name="type-calendar"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event-calendar"),
]
