"""The Atom feed of the upcoming events, soonest first, in the language of its address (/de/events/feed.atom).

Each entry links to the event's page and says when (in the event's local time) and where it takes place. A
cancelled event stays in the feed, marked as such, so that a reader who saw it learns of the cancellation.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.translation import gettext

from events import calendar
from events.models import Event

MAX_ITEMS = 50


def when(event):
    """The start and end in the event's own time zone, as the event pages write them, with the time zone."""
    start, end = event.local_start, event.local_end
    text = f"{formats.date_format(start, 'DATE_FORMAT')}, {formats.time_format(start, 'TIME_FORMAT')}"
    if end:
        end_text = formats.time_format(end, "TIME_FORMAT")
        if not event.ends_same_day:
            end_text = f"{formats.date_format(end, 'DATE_FORMAT')}, {end_text}"
        text = f"{text} – {end_text}"
    zone = gettext("local time, %(time_zone)s") % {"time_zone": event.time_zone}
    return f"{text} ({zone})"


class EventFeed(Feed):
    feed_type = Atom1Feed
    author_name = "SECON"

    def title(self):
        return f"{gettext('Upcoming events')} | SECON"

    def link(self):
        return reverse("events:event-list")

    def items(self):
        events = Event.objects.upcoming().select_related("event_type", "host").prefetch_related("themes")
        return events[:MAX_ITEMS]

    def item_title(self, event):
        if event.is_cancelled:
            return gettext("Cancelled: %(title)s") % {"title": event.title}
        return event.title  # Atom's title is text: the feed writer escapes it

    def item_description(self, event):
        """HTML (Django writes Atom's summary with type="html"): when, where, and the summary."""
        parts = [when(event), calendar.location(event), event.summary.strip()]
        return format_html_join("", "<p>{}</p>", ((part,) for part in parts if part))

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [str(event.event_type.label), *(theme.label for theme in event.themes.all())]

    def item_author_name(self, event):
        return event.host.name if event.host else None

    def item_author_link(self, event):
        return (event.host.website or None) if event.host else None
