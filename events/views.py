"""Public event pages: the filtered list, the event page and the iCalendar export."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from events import calendar
from events.filters import EventFilterSet
from events.models import Event, EventType


class EventListView(FilterView):
    """Upcoming, past and not yet dated events, filtered by plain GET parameters, 20 a page."""

    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20
    strict = False  # an unknown value is reported and left out; the other filters still apply

    def get_queryset(self):
        return Event.objects.for_listing()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number) if page else []
        context["event_types"] = self.filterset.event_types
        return context


class EventDetailView(DetailView):
    queryset = Event.objects.with_public_details()
    template_name = "events/event_detail.html"
    context_object_name = "event"


def event_calendar(request, slug):
    """One event as an .ics file; an event without a date has none."""
    event = get_object_or_404(Event.objects.select_related("event_type"), slug=slug)
    if not event.start:
        raise Http404("The event has no date yet.")
    ical = calendar.event_calendar(event, calendar.CalendarContext(request))
    return calendar.calendar_response(ical, filename=f"{event.slug}.ics")


def calendar_feed(request):
    """All events with a date, as a calendar to subscribe to."""
    ical = calendar.feed_calendar(
        Event.objects.for_calendar(),
        calendar.CalendarContext(request),
        name=gettext("SECON events"),
        uid="events",
    )
    return calendar.calendar_response(ical)


def type_calendar_feed(request, slug):
    """The events of one type, as a calendar to subscribe to."""
    event_type = get_object_or_404(EventType, slug=slug)
    ical = calendar.feed_calendar(
        Event.objects.for_calendar().filter(event_type=event_type),
        calendar.CalendarContext(request),
        name=gettext("SECON events: %(type)s") % {"type": event_type.label},
        uid=f"events-{event_type.slug}",
    )
    return calendar.calendar_response(ical)
