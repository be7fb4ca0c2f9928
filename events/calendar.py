"""iCalendar (RFC 5545) export of events, built with the `icalendar` library.

Every VEVENT has a UID that does not change when the event is edited (its primary key at the
portal's domain), DTSTAMP and LAST-MODIFIED from the last change, and its start and end in the
event's own time zone with TZID; the calendar carries a VTIMEZONE for each time zone used.
Events without a date have no place in a calendar and are left out.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.translation import gettext

from events.models import Event

PRODID = "-//SECON//Good-practice portal//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendars should fetch a feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=12)

STATUS = {
    Event.Status.PLANNED: "TENTATIVE",
    Event.Status.CONFIRMED: "CONFIRMED",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}


class CalendarContext:
    """Where the calendar is served: the absolute URLs and the domain of the UIDs come from the request."""

    def __init__(self, request):
        self.request = request
        self.domain = split_domain_port(request.get_host())[0] or "localhost"

    def absolute_url(self, path):
        return self.request.build_absolute_uri(path)


def event_uid(event, domain):
    return f"event-{event.pk}@{domain}"


def location(event):
    """Venue, city and country; "Online" (with the link) for an event held only online."""
    parts = [part for part in (event.venue, event.place) if part]
    if event.online_url:
        parts.append(gettext("Online: %(url)s") % {"url": event.online_url} if parts else event.online_url)
    return ", ".join(parts)


def description(event):
    parts = [event.summary.strip(), event.description.strip()]
    if event.online_url:
        parts.append(gettext("Online: %(url)s") % {"url": event.online_url})
    return "\n\n".join(part for part in parts if part)


def vevent(event, context):
    """The event in its own language, the working language in which staff write events, whatever the language
    of the page it comes from: its labels (the type, "Online:", the country) match its texts, which say so
    (LANGUAGE). Its URL is the page in the visitor's language."""
    tz = event.tzinfo
    url = context.absolute_url(event.get_absolute_url())
    with translation.override(settings.LANGUAGE_CODE):
        component = icalendar.Event.new(
            uid=event_uid(event, context.domain),
            stamp=event.updated_at.astimezone(datetime.UTC),
            created=event.created_at.astimezone(datetime.UTC),
            last_modified=event.updated_at.astimezone(datetime.UTC),
            start=event.start.astimezone(tz),
            end=event.end.astimezone(tz) if event.end else None,
            summary=event.title,
            description=description(event) or None,
            location=location(event) or None,
            url=url,
            status=STATUS[event.status],
            categories=[str(event.event_type.label)],
        )
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        if name in component:
            component[name].params["LANGUAGE"] = settings.LANGUAGE_CODE
    return component


def build_calendar(events, context, *, name, uid):
    """A VCALENDAR of `events` (each with a start and its event_type loaded) with their VTIMEZONEs."""
    events = [event for event in events if event.start]
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, uid=uid)
    for event in events:
        calendar.add_component(vevent(event, context))
    if events:
        # Time zone definitions that cover every event, with a day's margin for the local dates.
        first = min(event.start for event in events).date() - datetime.timedelta(days=1)
        last = max(event.end or event.start for event in events).date() + datetime.timedelta(days=2)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        for timezone in calendar.walk("VTIMEZONE"):
            onsets_before_the_change(timezone)
    return calendar


def onsets_before_the_change(timezone):
    """Give each change of offset in a VTIMEZONE its onset as RFC 5545 (3.6.5) has it: the local time just
    before the change, read in TZOFFSETFROM (in Athens the clocks go forward at 03:00 EET and back at 04:00 EEST).

    icalendar 7.3 writes the first local time after a change instead, which is an hour late in spring: a
    client that reads the VTIMEZONE rather than its own time zone database would be wrong for that hour.
    """
    zone = zoneinfo.ZoneInfo(str(timezone["TZID"]))
    for observance in timezone.subcomponents:
        offsets = (observance.TZOFFSETFROM, observance.TZOFFSETTO)
        if offsets[0] == offsets[1]:
            continue
        observance.DTSTART = onset(zone, observance.DTSTART, *offsets)
        if "RDATE" in observance:
            rdates = observance.pop("RDATE")
            values = [value.dt for rdate in (rdates if isinstance(rdates, list) else [rdates]) for value in rdate.dts]
            observance.add("RDATE", [onset(zone, value, *offsets) for value in values])


def onset(zone, near, offset_from, offset_to):
    """The local time, in `offset_from`, at which `zone` changes to `offset_to` within three hours of `near`."""
    guess = (near - offset_from).replace(tzinfo=datetime.UTC)
    for minutes in range(-180, 181):
        instant = guess + datetime.timedelta(minutes=minutes)
        before = instant - datetime.timedelta(seconds=1)
        if before.astimezone(zone).utcoffset() == offset_from and instant.astimezone(zone).utcoffset() == offset_to:
            return (instant + offset_from).replace(tzinfo=None)
    return near


def event_calendar(event, context):
    return build_calendar([event], context, name=event.title, uid=f"calendar-{event_uid(event, context.domain)}")


def feed_calendar(events, context, *, name, uid):
    """A calendar to subscribe to: the events plus how often to refresh it."""
    calendar = build_calendar(events, context, name=name, uid=f"{uid}@{context.domain}")
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; X-PUBLISHED-TTL is its older, Outlook spelling.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", REFRESH_INTERVAL)
    return calendar


def calendar_response(calendar, filename=None):
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
