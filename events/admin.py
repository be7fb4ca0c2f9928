"""Staff admin of event types and events (agenda, documents, participation, related practices)."""

import re
import zoneinfo
from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from events.models import AgendaItem, Event, EventDocument, EventPractice, EventType, Participation
from regions.admin import URL_FIELDS, PartOfParentInline, country_filter


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "target", "target_per_country", "event_count", "held_count", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", ("target", "target_per_country"), "order")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                event_count=Count("events"),
                held_count=Count("events", filter=Q(events__status=Event.Status.HELD)),
            )
        )

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count

    @admin.display(description=_("held"), ordering="held_count")
    def held_count(self, obj):
        return obj.held_count


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past")), ("unscheduled", _("No date yet"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        if self.value() == "unscheduled":
            return queryset.filter(start__isnull=True)
        return queryset


class AgendaItemInline(PartOfParentInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "start", "end", "title", "speakers", "description")
    formfield_overrides = {
        # The description is optional and short: a small box keeps the agenda readable as a table.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})},
    }


class EventDocumentInline(PartOfParentInline, admin.TabularInline):
    model = EventDocument
    extra = 0
    fields = ("title", "kind", "file", "order", "size")
    readonly_fields = ("size",)


class ParticipationInline(PartOfParentInline, admin.TabularInline):
    model = Participation
    extra = 0
    fields = ("group", "count")
    verbose_name_plural = _("participation by stakeholder group")


class EventPracticeInline(PartOfParentInline, admin.TabularInline):
    model = EventPractice
    extra = 0
    autocomplete_fields = ("practice",)
    fields = ("practice", "relation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("practice")


def time_zone_choices():
    """The time zones of Europe (and UTC), by name: an event of the project takes place in one of them."""
    names = sorted(name for name in zoneinfo.available_timezones() if name.startswith("Europe/"))
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


class EventForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=time_zone_choices,
        initial=Event._meta.get_field("time_zone").default,
        help_text=_("Where the event takes place. Its start and end, and the agenda's times, are in this time zone."),
    )

    class Meta:
        model = Event
        fields = ("time_zone",)  # the admin's fieldsets name the others


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    form = EventForm
    list_display = (
        "title",
        "event_type",
        "status",
        "local_start",
        "place",
        "host_name",
        "participants",
        "is_sample",
    )
    list_filter = (
        "status",
        WhenFilter,
        "event_type",
        country_filter("country"),
        "host",
        "themes",
        "is_sample",
    )
    list_select_related = ("event_type", "host")
    search_fields = ("title", "slug", "city", "venue", "summary", "host__name", "host__short_name")
    date_hierarchy = "start"
    autocomplete_fields = ("host",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_at", "updated_at")
    history_list_display = ("status",)
    formfield_overrides = URL_FIELDS
    save_on_top = True
    actions = ("mark_as_held", "duplicate")
    fieldsets = (
        (None, {"fields": ("title", "slug", "event_type", "status", "host", "is_sample")}),
        (
            _("When"),
            {
                "fields": ("time_zone", ("start", "end")),
                "description": _(
                    "Enter the times as the participants read them on their clocks, in the event's time zone: "
                    "10:00 for an event in Athens is 10:00 in Athens. The agenda's times below are in the same zone."
                ),
            },
        ),
        (_("Where"), {"fields": ("country", "city", "venue", "online_url")}),
        (_("Content"), {"fields": ("summary", "description", "themes")}),
        (_("Bookkeeping"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (AgendaItemInline, EventDocumentInline, ParticipationInline, EventPracticeInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_count=Sum("participations__count"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The add and change pages read and show every time (the event's, the agenda's) in the event's time zone.

        That zone is the one the form sends, else the event's, else the default: the whole request, rendering
        included, runs in it.
        """
        with timezone.override(self.time_zone_of(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def time_zone_of(self, request, object_id):
        sent = request.POST.get("time_zone")
        if sent in zoneinfo.available_timezones():
            return zoneinfo.ZoneInfo(sent)
        stored = (
            Event.objects.filter(pk=unquote(object_id)).values_list("time_zone", flat=True).first()
            if object_id
            else None
        )
        return zoneinfo.ZoneInfo(stored or Event._meta.get_field("time_zone").default)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("start (local time)"), ordering="start")
    def local_start(self, obj):
        if obj.start is None:
            return None
        return f"{formats.date_format(obj.local_start, 'SHORT_DATETIME_FORMAT')} ({obj.time_zone})"

    @admin.display(description=_("where"), ordering="country")
    def place(self, obj):
        return ", ".join(part for part in (obj.city, obj.country_name) if part) or None

    @admin.display(description=_("host"), ordering="host__short_name")
    def host_name(self, obj):
        return obj.host.short_name if obj.host else None

    @admin.display(description=_("participants"), ordering="participant_count")
    def participants(self, obj):
        return obj.participant_count

    # Actions

    @admin.action(description=_("Mark selected events as held"), permissions=["change"])
    def mark_as_held(self, request, queryset):
        now = timezone.now()
        marked = 0
        skipped = defaultdict(list)  # reason -> events
        for event in queryset:
            if event.status == Event.Status.HELD:
                skipped[gettext("they are already marked as held")].append(event)
            elif event.status == Event.Status.CANCELLED:
                skipped[gettext("they were cancelled")].append(event)
            elif event.start is None:
                skipped[gettext("they have no start date")].append(event)
            elif event.start > now:
                skipped[gettext("they have not started yet")].append(event)
            else:
                event.status = Event.Status.HELD
                event._change_reason = "marked as held"  # shown in the revision history
                event.save(update_fields=["status", "updated_at"])
                self.log_change(request, event, gettext("Marked as held."))
                marked += 1
        if marked:
            message = ngettext("Marked %(count)d event as held.", "Marked %(count)d events as held.", marked)
            self.message_user(request, message % {"count": marked}, messages.SUCCESS)
        for reason, events in skipped.items():
            message = gettext("Not marked as held, because %(reason)s: %(events)s.") % {
                "reason": reason,
                "events": ", ".join(f"“{event}”" for event in events),
            }
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Duplicate selected events (as planned, with agenda and themes)"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = []
        with transaction.atomic():
            for event in queryset.prefetch_related("themes", "agenda_items"):
                copy = duplicate_event(event)
                self.log_addition(request, copy, gettext("Duplicated from “%(event)s”.") % {"event": event})
                copies.append(copy)
        message = ngettext(
            "Created %(count)d copy as a planned event with the same agenda items and themes, without documents, "
            "participation or related practices: %(events)s. Check its dates and title.",
            "Created %(count)d copies as planned events with the same agenda items and themes, without documents, "
            "participation or related practices: %(events)s. Check their dates and titles.",
            len(copies),
        ) % {"count": len(copies), "events": ", ".join(f"“{copy}” ({copy.slug})" for copy in copies)}
        self.message_user(request, message, messages.SUCCESS)
        if len(copies) == 1:
            url = reverse(f"{self.admin_site.name}:events_event_change", args=[quote(copies[0].pk)])
            return HttpResponseRedirect(url)
        return None


COPY_SUFFIX = re.compile(r"-copy(-\d+)?$")


def copy_slug(slug):
    """A free slug for a copy of the event with `slug`: my-event-copy, my-event-copy-2, ..."""
    max_length = Event._meta.get_field("slug").max_length
    base = COPY_SUFFIX.sub("", slug)[: max_length - len("-copy-999")] + "-copy"
    candidate, n = base, 1
    while Event.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def duplicate_event(event):
    """A planned copy of `event` with its agenda items and themes; documents, participation and
    related practices belong to the original event and are not copied."""
    fields = {
        field.attname: getattr(event, field.attname)
        for field in Event._meta.concrete_fields
        if not field.primary_key and field.name not in ("created_at", "updated_at")
    }
    copy = Event(**fields)
    max_title = Event._meta.get_field("title").max_length
    # Titles are content, written in English like the rest of the portal's content.
    copy.title = event.title[: max_title - len(" (copy)")] + " (copy)"
    copy.slug = copy_slug(event.slug)
    copy.status = Event.Status.PLANNED
    copy._change_reason = f"duplicated from event {event.pk}"  # history_change_reason holds 100 characters
    copy.save()
    copy.themes.set(event.themes.all())
    AgendaItem.objects.bulk_create(
        AgendaItem(
            event=copy,
            start=item.start,
            end=item.end,
            title=item.title,
            speakers=item.speakers,
            description=item.description,
            order=item.order,
        )
        for item in event.agenda_items.all()
    )
    return copy
