"""The facet index stores values as they appear in the URL: theme and topic slugs, region codes."""

from django.db import migrations

FORWARD = [
    """UPDATE practices_facetbitmap b SET value = t.slug FROM practices_theme t
       WHERE b.facet = 'theme' AND b.value = t.id::text""",
    """UPDATE practices_facetbitmap b SET value = t.slug FROM practices_topic t
       WHERE b.facet = 'topic' AND b.value = t.id::text""",
    """UPDATE practices_facetbitmap b SET value = r.code FROM regions_region r
       WHERE b.facet = 'region' AND b.value = r.id::text""",
]
BACKWARD = [
    """UPDATE practices_facetbitmap b SET value = t.id::text FROM practices_theme t
       WHERE b.facet = 'theme' AND b.value = t.slug""",
    """UPDATE practices_facetbitmap b SET value = t.id::text FROM practices_topic t
       WHERE b.facet = 'topic' AND b.value = t.slug""",
    """UPDATE practices_facetbitmap b SET value = r.id::text FROM regions_region r
       WHERE b.facet = 'region' AND b.value = r.code""",
]


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_uploads_and_notifications"),
        ("regions", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
