"""The regions: the partner regions with their profiles, every NUTS region by its code, and the policy instruments
with their joint assessments."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from regions.countries import Country
from regions.models import JointAssessment, Partner, PolicyInstrument, Region
from secon_portal.api.base import (
    LANGUAGE_PARAMETER,
    AbsoluteURLField,
    ChoiceField,
    FileURLField,
    ModelSerializer,
    OptionalURLField,
    Pagination,
    ReaderLanguageMixin,
)


class RegionSummarySerializer(ModelSerializer):
    """A NUTS region named for the reader (Greek readers read Greek names, others the Latin ones)."""

    name = serializers.CharField(source="display_name")
    official_name = serializers.CharField(source="name")
    country = ChoiceField(Country.choices, help_text="The NUTS country code (EL for Greece) and the country's name.")

    class Meta:
        model = Region
        fields = ("code", "name", "official_name", "country")


class PartnerSummarySerializer(ModelSerializer):
    class Meta:
        model = Partner
        fields = ("slug", "name", "short_name")


class NutsRegionSerializer(RegionSummarySerializer):
    """A region of the NUTS 2024 classification, with its place in it."""

    level = serializers.IntegerField()
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    typology = ChoiceField(Region.Typology.choices)
    api_url = serializers.HyperlinkedIdentityField(view_name="api:nuts-detail", lookup_field="code")

    class Meta(RegionSummarySerializer.Meta):
        fields = (*RegionSummarySerializer.Meta.fields, "name_latin", "level", "parent", "typology", "api_url")


class PartnerSerializer(PartnerSummarySerializer):
    type = ChoiceField(Partner.Type.choices)
    logo = FileURLField()

    class Meta(PartnerSummarySerializer.Meta):
        fields = (*PartnerSummarySerializer.Meta.fields, "type", "is_lead", "website", "logo", "description")


class InstrumentSummarySerializer(ModelSerializer):
    url = AbsoluteURLField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:instrument-detail", lookup_field="slug")

    class Meta:
        model = PolicyInstrument
        fields = ("slug", "name", "url", "api_url")


class PartnerRegionSerializer(NutsRegionSerializer):
    """A partner region: its profile, its partners and the policy instruments of the region or its partners."""

    url = AbsoluteURLField()
    description = serializers.CharField(help_text="The region's profile.")
    image = FileURLField()
    image_alt = serializers.CharField()
    partners = PartnerSerializer(many=True)
    policy_instruments = serializers.SerializerMethodField()

    class Meta(NutsRegionSerializer.Meta):
        fields = (*NutsRegionSerializer.Meta.fields, "url", "description", "image", "image_alt", "partners")
        fields = (*fields, "policy_instruments")

    @extend_schema_field(InstrumentSummarySerializer(many=True))
    def get_policy_instruments(self, region):
        instruments = region.instruments().order_by("name", "pk")  # one query for each of the ten regions
        return InstrumentSummarySerializer(instruments, many=True, context=self.context).data


class JointAssessmentSerializer(ModelSerializer):
    reviewing_partners = PartnerSummarySerializer(many=True)

    class Meta:
        model = JointAssessment
        fields = ("date", "reviewing_partners", "findings", "recommendations")


class InstrumentSerializer(InstrumentSummarySerializer):
    type = ChoiceField(PolicyInstrument.Type.choices)
    region = RegionSummarySerializer()
    partner = PartnerSummarySerializer()
    improvement_status = ChoiceField(PolicyInstrument.ImprovementStatus.choices)
    link = OptionalURLField(source="url")
    joint_assessments = JointAssessmentSerializer(many=True, source="assessments")

    class Meta(InstrumentSummarySerializer.Meta):
        fields = (
            *InstrumentSummarySerializer.Meta.fields,
            "type",
            "managing_authority",
            "region",
            "partner",
            "period_start",
            "period_end",
            "link",
            "description",
            "improvement_sought",
            "improvement_status",
            "joint_assessments",
            "is_sample",
            "updated_at",
        )


@extend_schema_view(
    list=extend_schema(summary="The partner regions", parameters=[LANGUAGE_PARAMETER]),
    retrieve=extend_schema(summary="A partner region", parameters=[LANGUAGE_PARAMETER]),
)
class PartnerRegionViewSet(ReaderLanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PartnerRegionSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}[A-Za-z0-9]{0,3}"
    pagination_class = None  # ten partner regions

    def get_queryset(self):
        partners = Partner.objects.order_by("-is_lead", "name")
        return (
            Region.objects.partner_regions()
            .select_related("parent")
            .prefetch_related(Prefetch("partners", queryset=partners))
            .order_by("code")
        )

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(
        summary="Look up NUTS 2024 regions",
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, many=True, explode=True, description="NUTS codes (EL65)."),
            OpenApiParameter("country", OpenApiTypes.STR, description="A NUTS country code (EL, DE...)."),
            OpenApiParameter("level", OpenApiTypes.INT, enum=[1, 2, 3]),
            OpenApiParameter("parent", OpenApiTypes.STR, description="The regions directly within this one."),
            OpenApiParameter("name", OpenApiTypes.STR, description="Regions whose name contains this text."),
            LANGUAGE_PARAMETER,
        ],
    ),
    retrieve=extend_schema(summary="A NUTS 2024 region by its code", parameters=[LANGUAGE_PARAMETER]),
)
class NutsRegionViewSet(ReaderLanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = NutsRegionSerializer
    pagination_class = Pagination
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}[A-Za-z0-9]{0,3}"

    def get_queryset(self):
        regions = Region.objects.select_related("parent").order_by("code")
        params = self.request.query_params
        if codes := [code.upper() for code in params.getlist("code") if code][:100]:
            regions = regions.filter(code__in=codes)
        if country := params.get("country"):
            regions = regions.filter(country=country.upper())
        if level := params.get("level"):
            if level not in ("1", "2", "3"):
                raise ValidationError({"level": [_("The NUTS level is 1, 2 or 3.")]})
            regions = regions.filter(level=level)
        if parent := params.get("parent"):
            regions = regions.filter(parent__code=parent.upper())
        if name := params.get("name", "").strip()[:100]:
            regions = regions.filter(
                Q(name__icontains=name) | Q(name_latin__icontains=name) | Q(name_en__icontains=name)
            )
        return regions

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="The policy instruments", parameters=[LANGUAGE_PARAMETER]),
    retrieve=extend_schema(summary="A policy instrument, with its joint assessments", parameters=[LANGUAGE_PARAMETER]),
)
class InstrumentViewSet(ReaderLanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = InstrumentSerializer
    pagination_class = Pagination
    lookup_field = "slug"

    def get_queryset(self):
        return (
            PolicyInstrument.objects.select_related("region", "partner")
            .prefetch_related(
                Prefetch(
                    "assessments",
                    queryset=JointAssessment.objects.prefetch_related(
                        Prefetch("reviewing_partners", queryset=Partner.objects.order_by("name"))
                    ),
                )
            )
            .order_by("name", "pk")
        )
