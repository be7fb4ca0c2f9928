"""Full-text search over good practices (DESIGN.md section 6).

Texts are indexed with the `secon` text search configuration: PostgreSQL's `simple`
configuration (no stemming, so it works for every partner language) with `unaccent` in
front, so that "asociacion" finds "Asociación" and "Spoldzielnia" finds "Spółdzielnia".
The configuration is created by migration practices/0003_search.
"""

from django.contrib.postgres.search import SearchVector

SEARCH_CONFIG = "secon"

# Weight A: titles, B: summaries, C: the long texts of the good-practice template.
WEIGHTED_FIELDS = {
    "A": ("title", "title_original"),
    "B": ("summary", "summary_original"),
    "C": ("description", "main_institution", "resources", "evidence", "difficulties", "transfer_potential"),
}


def search_document():
    """The expression of GoodPractice.search_vector, a generated column kept up to date by PostgreSQL."""
    vectors = [SearchVector(*fields, weight=weight, config=SEARCH_CONFIG) for weight, fields in WEIGHTED_FIELDS.items()]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document
