"""The project's events, with their agenda, documents, participants and calendar file."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from events.filters import EventFilterSet
from events.models import AgendaItem, Event, EventDocument, Participation, StakeholderGroup
from regions.countries import Country
from secon_portal.api.base import (
    CHOICE_SCHEMA,
    LANGUAGE_PARAMETER,
    AbsoluteURLField,
    ChoiceField,
    FileURLField,
    ModelSerializer,
    Pagination,
    ReaderLanguageMixin,
)
from secon_portal.api.practices import TermSerializer
from secon_portal.api.regions import PartnerSummarySerializer


class AgendaItemSerializer(ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ("start", "end", "title", "speakers", "description")


class EventDocumentSerializer(ModelSerializer):
    kind = ChoiceField(EventDocument.Kind.choices)
    url = FileURLField(source="file")
    file_type = serializers.CharField(help_text="The file's extension in capitals: PDF.")

    class Meta:
        model = EventDocument
        fields = ("title", "kind", "url", "size", "file_type")


class ParticipationSerializer(ModelSerializer):
    group = ChoiceField(StakeholderGroup.choices)

    class Meta:
        model = Participation
        fields = ("group", "count")


class EventSerializer(ModelSerializer):
    url = AbsoluteURLField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    event_type = serializers.SerializerMethodField()
    host = PartnerSummarySerializer(allow_null=True)
    country = ChoiceField(Country.choices)
    status = ChoiceField(Event.Status.choices)
    themes = TermSerializer(many=True)
    calendar_url = serializers.SerializerMethodField(help_text="The event as an .ics file, once it has a date.")

    class Meta:
        model = Event
        fields = (
            "slug",
            "url",
            "api_url",
            "title",
            "event_type",
            "status",
            "host",
            "country",
            "city",
            "venue",
            "start",
            "end",
            "time_zone",
            "online_url",
            "summary",
            "themes",
            "calendar_url",
            "is_sample",
            "updated_at",
        )

    @extend_schema_field(ChoiceField([]))
    def get_event_type(self, event):
        return {"value": event.event_type.slug, "label": event.event_type.label}

    def get_calendar_url(self, event) -> str | None:
        if not event.start:
            return None
        return self.context["request"].build_absolute_uri(reverse("events:event-calendar", args=[event.slug]))


class EventDetailSerializer(EventSerializer):
    agenda = AgendaItemSerializer(many=True, source="agenda_items")
    documents = EventDocumentSerializer(many=True)
    participants = ParticipationSerializer(many=True, source="participations")
    practices = serializers.SerializerMethodField(help_text="The published practices presented or visited.")

    class Meta(EventSerializer.Meta):
        fields = (*EventSerializer.Meta.fields, "description", "agenda", "documents", "participants", "practices")

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "title": {"type": "string"},
                    "relation": CHOICE_SCHEMA,
                    "api_url": {"type": "string", "format": "uri"},
                },
            },
        }
    )
    def get_practices(self, event):
        absolute = self.context["request"].build_absolute_uri
        return [
            {
                "slug": link.practice.slug,
                "title": link.practice.title,
                "relation": {"value": link.relation, "label": str(link.get_relation_display())},
                "api_url": absolute(reverse("api:practice-detail", args=[link.practice.slug])),
            }
            for link in event.public_practices
        ]


@extend_schema_view(
    list=extend_schema(
        summary="The events",
        description="Upcoming events first (soonest first), then past ones (latest first), then those with no date.",
        parameters=[
            OpenApiParameter("type", OpenApiTypes.STR, description="An event type's slug."),
            OpenApiParameter("country", OpenApiTypes.STR, description="A NUTS country code."),
            OpenApiParameter("theme", OpenApiTypes.STR, description="A theme's slug."),
            OpenApiParameter("year", OpenApiTypes.INT, description="The year the event starts."),
            LANGUAGE_PARAMETER,
        ],
    ),
    retrieve=extend_schema(
        summary="An event, with its agenda, documents and participants", parameters=[LANGUAGE_PARAMETER]
    ),
)
class EventViewSet(ReaderLanguageMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    lookup_field = "slug"

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return Event.objects.with_public_details()
        return Event.objects.for_listing().select_related("host").prefetch_related("themes")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = EventFilterSet(self.request.query_params, queryset=queryset)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs
