"""What every endpoint of the API shares: the reader's language, choice fields with labels, and paging."""

from django.conf import settings
from django.db.models import URLField
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from secon_portal.paginators import CountedPaginator

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANGUAGE_CODES,
    description="The language of the labels (field names stay in English). Without it, Accept-Language decides.",
)


def activate_reader_language(request):
    """The language of the reader of an address outside the language prefixes (the API, its docs): their
    language cookie or Accept-Language. LocaleMiddleware gives such an address the default language, since
    English pages have no prefix."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


class ReaderLanguageMixin:
    """Labels in the language asked for with ?lang=, or else in the reader's (activate_reader_language)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.query_params.get("lang")
        if language is None:
            activate_reader_language(request._request)
            return
        if language not in LANGUAGE_CODES:
            raise ValidationError(
                {"lang": [_("No such language: choose one of %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)}]}
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language


CHOICE_SCHEMA = {
    "type": "object",
    "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
    "required": ["value", "label"],
}


@extend_schema_field({**CHOICE_SCHEMA, "nullable": True})
class ChoiceField(serializers.Field):
    """A value of a model field's choices, with its label in the reader's language: {"value", "label"}."""

    def __init__(self, choices, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.labels = dict(choices)

    def to_representation(self, value):
        if value in (None, ""):
            return None
        return {"value": value, "label": str(self.labels.get(value, value))}


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.ReadOnlyField):
    """The absolute address of an object's page (its get_absolute_url())."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class FileURLField(serializers.Field):
    """The absolute address of a stored file (image, PDF), or None when there is none."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.url) if value else None

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalURLField(serializers.URLField):
    """A link that may be missing (a model URLField with blank=True): null rather than an empty text."""

    def to_representation(self, value):
        return value or None


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializers: links that may be missing are null."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, URLField: OptionalURLField}


class Pagination(PageNumberPagination):
    """Numbered pages of 20, or of ?page_size= up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CountedPagination(Pagination):
    """Pages of a list whose total is counted already (the facet index's), as the list page does."""

    total = None

    def paginate_counted(self, rows, total, request, view=None):
        self.django_paginator_class = lambda rows, per_page: CountedPaginator(rows, per_page, total=total)
        self.total = total
        return self.paginate_queryset(rows, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["total"] = self.total  # the whole count; `count` is what the pages reach
        return response

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["total"] = {"type": "integer", "example": 1234}
        return response
