"""Published good practices: the list (the search of /practices/, with its facets and counts) and each practice."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.facets import FACETS
from practices.filters import SORT_CHOICES, PracticeFilterSet
from practices.models import Criterion, GoodPractice, PracticeResult, TransferInterest
from secon_portal.api.base import (
    CHOICE_SCHEMA,
    LANGUAGE_PARAMETER,
    AbsoluteURLField,
    ChoiceField,
    CountedPagination,
    FileURLField,
    ModelSerializer,
    ReaderLanguageMixin,
)
from secon_portal.api.regions import InstrumentSummarySerializer, PartnerSummarySerializer, RegionSummarySerializer


class TermSerializer(serializers.Serializer):
    """A theme or a topic: its slug (the value of the list's filter) and its name in the reader's language."""

    slug = serializers.SlugField()
    label = serializers.CharField()


class PracticeCardSerializer(ModelSerializer):
    """A practice as the list shows it."""

    url = AbsoluteURLField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:practice-detail", lookup_field="slug")
    themes = TermSerializer(many=True)
    region = RegionSummarySerializer(allow_null=True)
    partner = PartnerSummarySerializer()
    original_language = ChoiceField(Language.choices)
    snippet = serializers.SerializerMethodField(
        help_text="With a text query: the passages that match, the matching words between \\u0002 and \\u0003."
    )

    class Meta:
        model = GoodPractice
        fields = (
            "id",
            "slug",
            "url",
            "api_url",
            "title",
            "summary",
            "title_original",
            "summary_original",
            "original_language",
            "themes",
            "region",
            "partner",
            "start_date",
            "published_at",
            "is_sample",
            "snippet",
        )

    def get_snippet(self, practice) -> str | None:
        return getattr(practice, "snippet", None)


class ImageSerializer(serializers.Serializer):
    url = FileURLField(source="image")
    thumbnail_url = FileURLField(source="thumbnail")
    alt_text = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = FileURLField(source="file")
    size = serializers.IntegerField(help_text="In bytes.")
    file_type = serializers.CharField()


class ResultSerializer(ModelSerializer):
    class Meta:
        model = PracticeResult
        fields = ("indicator", "value", "unit", "year")


class TransferSerializer(ModelSerializer):
    partner = PartnerSummarySerializer()
    stage = ChoiceField(TransferInterest.Stage.choices)
    policy_instrument = InstrumentSummarySerializer(allow_null=True)

    class Meta:
        model = TransferInterest
        fields = ("partner", "stage", "policy_instrument", "note", "updated_at")


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class AssessmentRowSerializer(serializers.Serializer):
    criterion = ChoiceField(Criterion.choices, source="criterion.value")
    score = serializers.IntegerField(source="assessment.score", allow_null=True, help_text="1 (not met) to 5.")
    comment = serializers.CharField(source="assessment.comment", allow_null=True)


class AssessmentSerializer(serializers.Serializer):
    date = serializers.DateTimeField(source="review.created_at")
    criteria = AssessmentRowSerializer(many=True, source="rows")


class PracticeSerializer(PracticeCardSerializer):
    """A practice with every public field: what its page shows."""

    topics = TermSerializer(many=True)
    practice_type = ChoiceField(PracticeType.choices)
    institution_type = ChoiceField(InstitutionType.choices)
    target_groups = serializers.SerializerMethodField()
    policy_instruments = InstrumentSummarySerializer(many=True)
    images = ImageSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    results = ResultSerializer(many=True)
    assessment = serializers.SerializerMethodField()
    transfers = TransferSerializer(many=True, source="transfer_interests")
    contact = serializers.SerializerMethodField(help_text="Only where the contact person agreed to be named.")

    class Meta(PracticeCardSerializer.Meta):
        fields = tuple(name for name in PracticeCardSerializer.Meta.fields if name != "snippet") + (
            "description",
            "topics",
            "practice_type",
            "target_groups",
            "rural_focus",
            "main_institution",
            "institution_type",
            "end_date",
            "resources",
            "budget_eur",
            "funding_source",
            "evidence",
            "difficulties",
            "transfer_potential",
            "policy_instruments",
            "website",
            "contact",
            "images",
            "attachments",
            "results",
            "assessment",
            "transfers",
            "updated_at",
        )

    @extend_schema_field({"type": "array", "items": CHOICE_SCHEMA})
    def get_target_groups(self, practice):
        field = ChoiceField(TargetGroup.choices)
        return [field.to_representation(value) for value in practice.target_groups if value in TargetGroup.values]

    @extend_schema_field(AssessmentSerializer(allow_null=True))
    def get_assessment(self, practice):
        assessment = practice.published_assessment()
        return AssessmentSerializer(assessment).data if assessment else None

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, practice):
        return ContactSerializer(practice).data if practice.has_public_contact else None


FACET_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "example": "theme"},
        "label": {"type": "string", "example": "Theme"},
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "value": {"type": "string", "example": "access"},
                    "label": {"type": "string"},
                    "count": {"type": "integer"},
                    "selected": {"type": "boolean"},
                },
                "required": ["value", "label", "count", "selected"],
            },
        },
    },
    "required": ["name", "label", "values"],
}
SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description=str(PracticeFilterSet.base_filters["q"].extra["help_text"])),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=[value for value, _label in SORT_CHOICES]),
    *(
        OpenApiParameter(
            name,
            OpenApiTypes.STR,
            many=True,
            explode=True,
            description=f"{facet.label}: repeat for several values (OR); facets combine with AND.",
        )
        for name, facet in FACETS.items()
    ),
    LANGUAGE_PARAMETER,
]


class PracticePagination(CountedPagination):
    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["facets"] = {"type": "array", "items": FACET_SCHEMA}
        response["properties"]["notices"] = {"type": "array", "items": {"type": "string"}}
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Search the published practices",
        description=(
            "The search of the page /practices/, with the same parameters: the same practices in the same order, "
            "and the facets with the count of each value (respecting the other filters). Unknown facet values "
            "are left out and named in `notices`. `total` counts every match; the pages reach the first "
            "`count` of them (for all of them, use /practices/export.csv with the same query)."
        ),
        parameters=SEARCH_PARAMETERS,
    ),
    retrieve=extend_schema(summary="A published practice", parameters=[LANGUAGE_PARAMETER]),
)
class PracticeViewSet(ReaderLanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"
    pagination_class = PracticePagination
    filter_backends = []

    def get_queryset(self):
        if self.action == "retrieve":
            return GoodPractice.objects.published().with_page_details()
        return GoodPractice.objects.published()

    def get_serializer_class(self):
        return PracticeSerializer if self.action == "retrieve" else PracticeCardSerializer

    def list(self, request, *args, **kwargs):
        search = PracticeFilterSet.of_published(request.query_params)
        if error := search.text_error:
            raise ValidationError({"q": [error]})
        results = search.results()
        page = self.paginator.paginate_counted(results.practices, results.counts.total, request, self)
        response = self.get_paginated_response(self.get_serializer(results.cards(page), many=True).data)
        response.data["facets"] = [
            {
                "name": group.name,
                "label": str(group.label),
                "values": [
                    {"value": o.value, "label": str(o.label), "count": o.count, "selected": o.selected}
                    for o in group.options
                ],
            }
            for group in search.facet_groups(results.counts)
        ]
        response.data["notices"] = [str(notice) for notice in search.form.notices]
        return response
