"""Facet counts and filtering of published practices, read from the facet index.

Several values of one facet combine with OR, different facets with AND. The count shown
next to a value is the number of practices the visitor would get by adding that value:
all other active filters apply, the value's own facet does not. One SQL query computes
every count (see FACET_SQL); its work depends on the number of facet values, not on the
number of practices.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from practices.facet_index import encode

FACET_SQL = """
WITH universe AS (
    SELECT bits FROM practices_facetbitmap WHERE facet = 'all' AND value = 'published'
), ended AS (  -- ended before this year, or this year before today
    SELECT u.bits & (
        coalesce(
            (SELECT bit_or(e.bits) FROM practices_facetbitmap e WHERE e.facet = 'end' AND e.value::int < %(year)s),
            u.bits # u.bits
        ) | %(ended_this_year)s::varbit
    ) AS bits
    FROM universe u
), facet_values AS (
    SELECT facet, value, bits FROM practices_facetbitmap
    WHERE facet NOT IN ('all', 'end', 'region') OR (facet = 'region' AND value = ANY(%(regions)s::text[]))
    UNION ALL SELECT 'status', 'ended', bits FROM ended
    UNION ALL SELECT 'status', 'ongoing', u.bits & ~e.bits FROM universe u, ended e
), selected AS (
    SELECT facet, bit_or(bits) AS bits FROM facet_values
    WHERE (facet, value) IN (SELECT * FROM unnest(%(facets)s::text[], %(values)s::text[]))
    GROUP BY facet
), restriction AS (  -- the practices matching the text query, when there is one
    SELECT coalesce(%(text)s::varbit, (SELECT bits FROM universe)) AS bits
), others AS (  -- for each facet: every filter but its own ('' : every filter)
    SELECT f.facet, (
        SELECT bit_and(x.bits) FROM (
            SELECT bits FROM selected s WHERE s.facet <> f.facet
            UNION ALL SELECT bits FROM universe
            UNION ALL SELECT bits FROM restriction
        ) x
    ) AS bits
    FROM (SELECT DISTINCT facet FROM facet_values UNION SELECT '') f
)
SELECT v.facet, v.value, bit_count(v.bits & o.bits) FROM facet_values v JOIN others o ON o.facet = v.facet
UNION ALL
SELECT '', bits::text, bit_count(bits) FROM others WHERE facet = ''
"""


@dataclass
class FacetResult:
    counts: dict = field(default_factory=dict)  # facet -> {value: number of practices}
    total: int = 0
    bits: str | None = None  # the matching practices, as a string of 0 and 1 indexed by id

    def count(self, facet, value):
        return self.counts.get(facet, {}).get(str(value), 0)


def index_length_and_recently_ended(today):
    """The length of the index's bit strings, and the published practices that ended this year before today."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT length(bits) FROM practices_facetbitmap WHERE facet = 'all' AND value = 'published'),
                   array(SELECT id FROM practices_goodpractice
                         WHERE state = 'published' AND end_date >= %s AND end_date < %s)
            """,
            [datetime.date(today.year, 1, 1), today],
        )
        return cursor.fetchone()


def facet_search(selection, text_matches=None, regions=(), today=None):
    """Counts for every facet value, the total, and the matching practices.

    selection: {facet: [values]} as stored in the index ("theme": ["3"], "status": ["ongoing"]).
    text_matches: ids of the practices that match the text query, or None for no text query.
    regions: the regions (ids) to count, of the ~1,800 there are; selected regions always count.
    """
    today = today or timezone.localdate()
    length, ended_this_year = index_length_and_recently_ended(today)
    if length is None:  # nothing published yet
        return FacetResult()
    pairs = [(facet, str(value)) for facet, values in selection.items() for value in values]
    params = {
        "year": today.year,
        "ended_this_year": encode(ended_this_year, length),
        "facets": [facet for facet, _ in pairs],
        "values": [value for _, value in pairs],
        "text": None if text_matches is None else encode(text_matches, length),
        "regions": sorted({str(pk) for pk in regions} | set(selection.get("region", ()))),
    }
    result = FacetResult()
    with connection.cursor() as cursor:
        cursor.execute(FACET_SQL, params)
        for facet, value, count in cursor.fetchall():
            if facet == "":
                result.total, result.bits = count, value
            else:
                result.counts.setdefault(facet, {})[value] = count
    return result


def matching(queryset, bits):
    """Restrict `queryset` to the practices whose bit is set in `bits`."""
    return queryset.alias(
        in_facet_selection=RawSQL(
            f"secon_has_bit(%s::varbit, {queryset.model._meta.db_table}.id)", [bits], output_field=BooleanField()
        )
    ).filter(in_facet_selection=True)
