"""The open-data catalogue (DCAT-AP 3) at /catalog.ttl, /catalog.rdf and /catalog.jsonld: one graph, three syntaxes."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from secon_portal.catalog import PREFIXES, catalog_graph

# The address's extension: the content type, rdflib's serializer and its options.
FORMATS = {
    "ttl": ("text/turtle", "turtle", {}),
    "rdf": ("application/rdf+xml", "pretty-xml", {}),
    # Compacted with the prefixes the other two formats use.
    "jsonld": (
        "application/ld+json",
        "json-ld",
        {"context": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}},
    ),
}


class CatalogFormatConverter:
    """The extension of a catalogue's address: one of FORMATS."""

    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


@require_safe
def catalog(request, format):
    content_type, serializer, options = FORMATS[format]
    body = catalog_graph().serialize(format=serializer, encoding="utf-8", **options)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
