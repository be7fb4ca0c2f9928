"""The facet index: one bit string per facet value over the published practices.

practices/facets.py declares, once per facet, which values of a practice it looks at (INDEXED).
`sync()` brings the index in step with some practices (it runs from signals on every save, delete
and change of themes or topics, inside the same transaction); `rebuild()` recomputes it all (after
bulk inserts, or by `manage.py rebuild_facet_index`). Counting is in practices/facet_counts.py.
"""

from collections import defaultdict

from django.db import connection, transaction

from practices.facets import INDEXED, stored_values
from practices.models import GoodPractice
from secon_portal.page_cache import bump_data_version

# Every published practice is in this bitmap: the universe that the others are combined with.
UNIVERSE = ("all", "published")
# Bit strings grow in steps of this many bits (practice ids), all to the same length.
GROWTH = 8192
# Serialises writers of the index, so that concurrent syncs compose.
LOCK_ID = 0x5EC0_FACE


def encode(ids, length):
    """A PostgreSQL bit string literal of `length` bits with bit n set for each n in `ids`."""
    data = bytearray(length // 8)
    for n in ids:
        data[n >> 3] |= 0x80 >> (n & 7)
    return "x" + data.hex()


def capacity(highest_id):
    return (highest_id // GROWTH + 1) * GROWTH


def facet_members(practices):
    """{(facet, value): {practice ids}} for the published practices among `practices`."""
    published = practices.published()
    members = defaultdict(set)
    members[UNIVERSE] = set(published.values_list("pk", flat=True))
    for facet, lookups in INDEXED.items():
        for pk, *values in published.values_list("pk", *lookups):
            for value in values:
                for item in stored_values(value):
                    members[(facet, item)].add(pk)
    return members


def _write(cursor, members, length):
    cursor.executemany(
        """
        INSERT INTO practices_facetbitmap (facet, value, bits) VALUES (%s, %s, %s::varbit)
        ON CONFLICT (facet, value) DO UPDATE SET bits = practices_facetbitmap.bits | EXCLUDED.bits
        """,
        [(facet, value, encode(ids, length)) for (facet, value), ids in members.items() if ids],
    )


@transaction.atomic
def rebuild():
    """Recompute the whole index from the practices."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        members = facet_members(GoodPractice.objects.all())
        cursor.execute("DELETE FROM practices_facetbitmap")
        length = capacity(max(members[UNIVERSE], default=0))
        _write(cursor, members, length)
    bump_data_version()  # bulk inserts send no signals: the cached pages learn of them here
    return len(members[UNIVERSE])


@transaction.atomic
def sync(practice_ids):
    """Bring the index in step with these practices, whatever they became (or if they were deleted)."""
    practice_ids = {pk for pk in practice_ids if pk is not None}
    if not practice_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        cursor.execute("SELECT coalesce(max(length(bits)), 0) FROM practices_facetbitmap")
        length = cursor.fetchone()[0]
        needed = capacity(max(practice_ids))
        if needed > length:
            cursor.execute(
                "UPDATE practices_facetbitmap SET bits = bits || repeat('0', %s - length(bits))::varbit", [needed]
            )
            length = needed
        mask = encode(practice_ids, length)
        cursor.execute(
            """
            UPDATE practices_facetbitmap SET bits = bits & ~%(mask)s::varbit
            WHERE bit_count(bits & %(mask)s::varbit) > 0
            """,
            {"mask": mask},
        )
        _write(cursor, facet_members(GoodPractice.objects.filter(pk__in=practice_ids)), length)
