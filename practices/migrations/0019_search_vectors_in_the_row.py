"""Keep the three search vectors inside each practice's row, so that ranking a text query's matches reads no TOAST.

A text query ranks every practice that matches it (practices/search.py). With PostgreSQL's defaults a row larger
than about 2 kB has its largest values moved out of line, and the vectors (1-2 kB each) were the largest: ranking
4,000 matches read about 23,000 TOAST pages and cost more than finding them. STORAGE MAIN moves a vector out only
as a last resort, once the long texts (EXTENDED) are compressed or moved out, and a toast_tuple_target of a whole
page (8,160 bytes) lets a row stay whole until then. bench/README.md gives the measurements.

The existing rows are written again with their vectors computed anew, which puts them in place: PostgreSQL
recomputes a generated column only when a column it is made of is set, hence the titles.
"""

from django.db import migrations

VECTORS = ("search_vector", "search_english", "search_original")
TABLE = "practices_goodpractice"


def storage(kind):
    columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in VECTORS)
    return f"ALTER TABLE {TABLE} {columns}"


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0018_search_alerts"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                storage("MAIN"),
                f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)",
                f"UPDATE {TABLE} SET title = title, title_original = title_original",
            ],
            reverse_sql=[
                storage("EXTENDED"),
                f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
            ],
        ),
    ]
