"""Facet counts of the published practices, read from the facet index.

Several values of one facet combine with OR, different facets with AND. The count next to a value
is the number of practices the visitor would get by adding that value: all other active filters
apply, the value's own facet does not. One SQL query computes every count (COUNTS_SQL); its work
depends on the number of facet values, not on the number of practices.

The status facet (ongoing or ended) depends on the day: practices that end in an earlier year have
ended; of those that end this year, GoodPracticeQuerySet.ended() says which have ended by today.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from practices.facet_index import UNIVERSE, encode
from practices.facets import END_YEAR, FACETS
from practices.models import GoodPractice

COUNTS_SQL = """
WITH universe AS (
    SELECT bits FROM practices_facetbitmap WHERE facet = %(universe_facet)s AND value = %(universe_value)s
), ended AS (
    SELECT u.bits & (
        coalesce(
            (SELECT bit_or(e.bits) FROM practices_facetbitmap e
             WHERE e.facet = %(end_year)s AND e.value::int < %(year)s),
            u.bits # u.bits
        ) | %(ended_this_year)s::varbit
    ) AS bits
    FROM universe u
), facet_values AS (
    SELECT facet, value, bits FROM practices_facetbitmap
    WHERE facet = ANY(%(every_value_of)s::text[])
       OR (facet, value) IN (SELECT * FROM unnest(%(counted_facets)s::text[], %(counted_values)s::text[]))
    UNION ALL SELECT 'status', 'ended', bits FROM ended
    UNION ALL SELECT 'status', 'ongoing', u.bits & ~e.bits FROM universe u, ended e
), selected AS (  -- each chosen facet; a value no practice has ever had selects none (no row in the index)
    SELECT c.facet, coalesce(bit_or(v.bits), (SELECT bits # bits FROM universe)) AS bits
    FROM unnest(%(facets)s::text[], %(values)s::text[]) AS c (facet, value)
    LEFT JOIN facet_values v ON v.facet = c.facet AND v.value = c.value
    GROUP BY c.facet
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
SELECT v.facet, v.value, bit_count(v.bits & o.bits), NULL::varbit FROM facet_values v JOIN others o ON o.facet = v.facet
UNION ALL  -- with a text query, the practices matching every filter too, to order them as the text's ranking
SELECT '', '', bit_count(bits), CASE WHEN %(text)s::varbit IS NOT NULL THEN bits END FROM others WHERE facet = ''
"""


@dataclass
class FacetCounts:
    counts: dict = field(default_factory=dict)  # facet -> {value: number of practices}
    total: int = 0  # the practices matching every filter
    matching: str = ""  # with a text query: bit n is "1" when the practice with id n matches every filter

    def count(self, facet, value):
        return self.counts.get(facet, {}).get(str(value), 0)

    def matches(self, pk):
        return pk < len(self.matching) and self.matching[pk] == "1"


def _index_length():
    with connection.cursor() as cursor:
        cursor.execute("SELECT length(bits) FROM practices_facetbitmap WHERE facet = %s AND value = %s", UNIVERSE)
        row = cursor.fetchone()
    return row[0] if row else None


def facet_counts(selection, text_matches=None, today=None, also_count=None):
    """Counts for every facet value and the total, for the published practices.

    selection: {facet name: [values]}, the values as in the URL ({"theme": ["access"], "status": ["ongoing"]}).
    text_matches: ids of the practices that match the text query, or None for no text query.
    also_count: {facet name: [values]} to count besides those the facet counts itself (the regions of a map).
    """
    today = today or timezone.localdate()
    length = _index_length()
    if length is None:  # nothing published yet
        return FacetCounts()
    ended_this_year = (
        GoodPractice.objects.published()
        .ended(today)
        .filter(end_date__gte=datetime.date(today.year, 1, 1))
        .values_list("pk", flat=True)
    )
    every_value_of, counted = [], []
    for name, facet in FACETS.items():
        values = facet.counted(selection)
        if values is None:
            every_value_of.append(name)
        else:
            counted += [(name, value) for value in values]
    for name, values in (also_count or {}).items():
        if name not in every_value_of:
            counted += [(name, value) for value in values]
    pairs = [(facet, str(value)) for facet, values in selection.items() for value in values]
    params = {
        "universe_facet": UNIVERSE[0],
        "universe_value": UNIVERSE[1],
        "end_year": END_YEAR,
        "year": today.year,
        "ended_this_year": encode(ended_this_year, length),
        "every_value_of": every_value_of,
        "counted_facets": [facet for facet, _ in counted],
        "counted_values": [value for _, value in counted],
        "facets": [facet for facet, _ in pairs],
        "values": [value for _, value in pairs],
        "text": None if text_matches is None else encode(text_matches, length),
    }
    result = FacetCounts()
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL, params)
        for facet, value, count, matching in cursor.fetchall():
            if facet == "":
                result.total, result.matching = count, matching or ""
            else:
                result.counts.setdefault(facet, {})[value] = count
    return result


def value_counts(wanted):
    """The published practices of facet values, with no filter, in one query.

    wanted: {facet: values, or None for all its values}. Returns {facet: {value: count}}.
    """
    conditions, params = [], []
    for facet, values in wanted.items():
        if values is None:
            conditions.append("facet = %s")
            params.append(facet)
        else:
            conditions.append("(facet = %s AND value = ANY(%s))")
            params += [facet, list(values)]
    counts = {facet: {} for facet in wanted}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT facet, value, bit_count(bits) FROM practices_facetbitmap WHERE {' OR '.join(conditions)}", params
        )
        for facet, value, count in cursor.fetchall():
            counts[facet][value] = count
    return counts


def published_total():
    """The number of published practices, as the facet index holds it."""
    facet, value = UNIVERSE
    return value_counts({facet: [value]})[facet].get(value, 0)
