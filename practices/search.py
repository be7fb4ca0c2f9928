"""Full-text search over good practices (DESIGN.md section 6).

Texts are indexed with the `secon` text search configuration: PostgreSQL's `simple`
configuration (no stemming, so it works for every partner language) with `unaccent` in
front, so that "asociacion" finds "Asociación" and "Spoldzielnia" finds "Spółdzielnia".
The configuration is created by migration practices/0003_search. GoodPracticeQuerySet.search()
is the one way to search.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat

SEARCH_CONFIG = "secon"

# Weight A: titles, B: summaries, C: the long texts of the good-practice template.
WEIGHTED_FIELDS = {
    "A": ("title", "title_original"),
    "B": ("summary", "summary_original"),
    "C": ("description", "main_institution", "resources", "evidence", "difficulties", "transfer_potential"),
}
# Marks around the words that match the text query in snippets; replaced by <mark> after escaping.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"


def search_document():
    """The expression of GoodPractice.search_vector, a generated column kept up to date by PostgreSQL."""
    vectors = [SearchVector(*fields, weight=weight, config=SEARCH_CONFIG) for weight, fields in WEIGHTED_FIELDS.items()]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document


def text_query(text):
    """The query of a visitor's text, in web-search syntax: "a phrase", OR, -word."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def rank(query):
    return SearchRank(F("search_vector"), query)


def _without_highlight_marks(text):
    """`text` without the control characters that mark matches, so that none typed in it become <mark>."""
    marks = Value(HIGHLIGHT_START + HIGHLIGHT_STOP)
    return Func(text, marks, Value(""), function="translate", output_field=TextField())


def snippet(query):
    """The passages of summary and description that match `query`, with the matching words marked."""
    text = Concat("summary", Value(" \n "), "description", output_field=TextField())
    return SearchHeadline(
        _without_highlight_marks(text),
        query,
        config=SEARCH_CONFIG,
        start_sel=HIGHLIGHT_START,
        stop_sel=HIGHLIGHT_STOP,
        max_fragments=2,
        min_words=12,
        max_words=30,
        fragment_delimiter=" … ",
    )
