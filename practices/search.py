"""Full-text search over good practices (DESIGN.md section 6).

Three indexed vectors of each practice, kept current by PostgreSQL (generated columns):
- `search_vector`, the exact match: every text with the `secon` configuration, PostgreSQL's
  `simple` (no stemming, right for every language) with `unaccent` in front, so that
  "asociacion" finds "Asociación";
- `search_english`: the English texts, stemmed, so that "cooperatives" finds "cooperative";
- `search_original`: the title and summary in the practice's original language, stemmed in that
  language where PostgreSQL has a stemmer (STEMMERS), so that a visitor reading the portal in that
  language finds them by any form of a word.
Each stemming configuration `secon_<name>` also puts `unaccent` in front (migration 0011).

A query (SearchText) is the visitor's words in web-search syntax: "a phrase", OR between
alternatives, -word to leave out; the last word also matches as a prefix ("grow" finds "growers";
only unstemmed: a stem's prefix would reach too far). A practice matches when any of the three
vectors matches. Its rank adds the exact and the English ranks (weighted: title A, summary B, the
rest C), so that a word found as typed ranks above the same word found by its stem.
GoodPracticeQuerySet.search() is the one way to search.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import Case, Expression, F, Func, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "secon"
# The languages of the partners that PostgreSQL stems, and its configuration for each.
STEMMERS = {
    "en": "english",
    "de": "german",
    "el": "greek",
    "nl": "dutch",
    "fr": "french",
    "ro": "romanian",
    "hu": "hungarian",
    "pt": "portuguese",
    "es": "spanish",
}

# Weight A: titles, B: summaries, C: the long texts of the good-practice template.
LONG_TEXTS = ("description", "main_institution", "resources", "evidence", "difficulties", "transfer_potential")
WEIGHTED_FIELDS = {"A": ("title", "title_original"), "B": ("summary", "summary_original"), "C": LONG_TEXTS}
ENGLISH_FIELDS = {"A": ("title",), "B": ("summary",), "C": LONG_TEXTS}
ORIGINAL_FIELDS = {"A": ("title_original",), "B": ("summary_original",)}

# Marks around the words that match the text query in snippets; replaced by <mark> after escaping.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"

# Bounds of a query: a text of 200 characters at most (the form's field), of so many words or phrases.
MAX_TERMS = 12
MAX_PHRASE_WORDS = 8


def stemming_config(language):
    """The configuration that stems `language`, or None where PostgreSQL has no stemmer for it."""
    name = STEMMERS.get((language or "").split("-")[0])
    return f"secon_{name}" if name else None


class RegConfig(Expression):
    """A text search configuration, named by a constant (which PostgreSQL may use in a generated column)."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or TextField())
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(f"Not a configuration name: {name!r}")
        self.name = name

    def as_sql(self, compiler, connection):
        return f"'{self.name}'::regconfig", []


def _document(fields, config):
    vectors = [SearchVector(*names, weight=weight, config=config) for weight, names in fields.items()]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document


def exact_document():
    """GoodPractice.search_vector: every text, unstemmed."""
    return _document(WEIGHTED_FIELDS, SEARCH_CONFIG)


def english_document():
    """GoodPractice.search_english: the English texts, stemmed."""
    return _document(ENGLISH_FIELDS, RegConfig(stemming_config("en")))


def original_document():
    """GoodPractice.search_original: the title and summary in the original language, stemmed in it if it can be."""
    config = Case(
        *[When(original_language=code, then=RegConfig(stemming_config(code))) for code in STEMMERS],
        default=RegConfig(SEARCH_CONFIG),
    )
    return _document(ORIGINAL_FIELDS, config)


# -- the visitor's query ---------------------------------------------------------------------------


class InvalidSearch(ValidationError):
    """A query the search cannot run, with a message that says what to change."""


# A phrase in quotes (perhaps not closed), or a run of anything but spaces; either may start with "-".
TOKENS = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# The words in a token: letters and digits, joined by apostrophes, hyphens or dots (l'économie, co-op, e.V).
WORDS = re.compile(r"\w+(?:['’.\-]\w+)*")


def wanted_words(text):
    """The words of `text` that are not left out with a minus, in phrases or not."""
    for minus, phrase, token in TOKENS.findall(text):
        if not (minus or token.startswith("-")):
            yield from WORDS.findall(phrase or token)


@dataclass(frozen=True)
class Term:
    words: tuple  # one word, or the words of a phrase
    negated: bool = False

    def tsquery(self, prefix=False):
        text = " ".join(self.words).replace("\\", "\\\\").replace("'", "''")
        return f"{'!' if self.negated else ''}'{text}'{':*' if prefix else ''}"


@dataclass(frozen=True)
class SearchText:
    """The visitor's query: groups that must all match, each a term or alternatives joined by OR."""

    groups: tuple

    @classmethod
    def parse(cls, text):
        """The query in `text`; InvalidSearch when it has no word to look for, or too many."""
        groups, joining = [], False
        for match in TOKENS.finditer(text or ""):
            minus, phrase, token = match.group(1) == "-", match.group(2), match.group(3)
            if token is not None and token.lower() == "or":
                joining = bool(groups) and not any(term.negated for term in groups[-1])
                continue
            if phrase is not None:
                words = WORDS.findall(phrase)
                if len(words) > MAX_PHRASE_WORDS:
                    raise InvalidSearch(
                        _("A phrase in quotes can have at most %(count)d words."),
                        code="phrase_too_long",
                        params={"count": MAX_PHRASE_WORDS},
                    )
                terms = [Term(tuple(words), minus)] if words else []
            else:
                terms = [Term((word,), token.startswith("-")) for word in WORDS.findall(token)]
            for term in terms:  # a token of punctuation only gives none: nothing to look for
                if joining and not term.negated:
                    groups[-1] = (*groups[-1], term)
                else:
                    groups.append((term,))
                joining = False
        if sum(len(group) for group in groups) > MAX_TERMS:
            raise InvalidSearch(
                _("Use at most %(count)d words or phrases in a search."),
                code="too_many_terms",
                params={"count": MAX_TERMS},
            )
        if groups and all(term.negated for group in groups for term in group):
            raise InvalidSearch(
                _("Say what to look for: a search cannot only leave words out."), code="only_exclusions"
            )
        return cls(tuple(groups))

    def __bool__(self):
        return bool(self.groups)

    def tsquery(self, prefix=True):
        """The query in PostgreSQL's to_tsquery() syntax. With `prefix`, if it ends with a word to look for, that
        word also matches as a prefix: the visitor may not have finished typing it."""
        parts = [" | ".join(term.tsquery() for term in group) for group in self.groups]
        parts = [f"({part})" if len(group) > 1 else part for part, group in zip(parts, self.groups, strict=True)]
        last = self.groups[-1] if self.groups else ()
        if prefix and len(last) == 1 and not last[0].negated and len(last[0].words) == 1:
            parts[-1] = last[0].tsquery(prefix=True)
        return " & ".join(parts)


@dataclass(frozen=True)
class Queries:
    """The visitor's query for each vector: exact, English, and the visitor's own language (None if unstemmed)."""

    exact: SearchQuery
    english: SearchQuery
    own_language: SearchQuery | None

    @classmethod
    def of(cls, text, language=None):
        """The queries of `text`; InvalidSearch when it has nothing to look for."""
        query = SearchText.parse(text)
        if not query:
            raise InvalidSearch(_("Type a word to look for: letters or digits."), code="no_words")
        # The prefix only on the exact words: on a stem it would reach too far ("care" -> "career").
        exact, stemmed = query.tsquery(prefix=True), query.tsquery(prefix=False)
        own = stemming_config(language or get_language())
        return cls(
            exact=SearchQuery(exact, config=SEARCH_CONFIG, search_type="raw"),
            english=SearchQuery(stemmed, config=stemming_config("en"), search_type="raw"),
            own_language=SearchQuery(stemmed, config=own, search_type="raw") if own else None,
        )

    def condition(self):
        """A practice matches when any of its three vectors matches."""
        condition = Q(search_vector=self.exact) | Q(search_english=self.english)
        if self.own_language is not None:
            condition |= Q(search_original=self.own_language)
        return condition

    def rank(self):
        """The exact and the stemmed rank added up: a word found as typed counts in both, so that it ranks above
        the same word found only by its stem; each weighs titles above summaries above the rest."""
        return SearchRank(F("search_vector"), self.exact) + SearchRank(F("search_english"), self.english)

    def snippet(self):
        """The passages of summary and description that match, with the matching words marked (stemmed, as in
        English, the language of these texts)."""
        text = Concat("summary", Value(" \n "), "description", output_field=TextField())
        return SearchHeadline(
            _without_highlight_marks(text),
            self.english,
            config=stemming_config("en"),
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_fragments=2,
            min_words=12,
            max_words=30,
            fragment_delimiter=" … ",
        )


def _without_highlight_marks(text):
    """`text` without the control characters that mark matches, so that none typed in it become <mark>."""
    marks = Value(HIGHLIGHT_START + HIGHLIGHT_STOP)
    return Func(text, marks, Value(""), function="translate", output_field=TextField())
