"""The filters of the public practice list: a text query, the facets of practices/facets.py, and the order.

Every filter restricts the queryset for real (GoodPracticeQuerySet.search, and each facet's restrict()); the counts
next to the facet values come from the facet index, through facet_counts(). Several values of one
facet combine with OR, facets with AND. A value that names nothing is reported and left out; the
other filters still apply.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from practices import search
from practices.facet_counts import FacetCounts, facet_counts
from practices.facets import FACETS
from practices.models import GoodPractice

# Values a visitor may choose at once, in one facet and in all: each filter chip links to the list
# without it, so the page grows with the square of the number of values.
MAX_VALUES_PER_FACET = 20
MAX_VALUES = 40
NOTICE_VALUES = 5  # of the values left out, those named in the notice

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("title", _("Title (A to Z)")),
    ("start", _("Start year (latest first)")),
]
ORDERINGS = {
    "relevance": ["-rank", "-published_at", "-id"],
    "newest": ["-published_at", "-id"],
    "title": ["title", "id"],
    "start": [F("start_date").desc(nulls_last=True), "-id"],
}


class SearchField(forms.CharField):
    """The visitor's words, checked by the search's own parser (practices.search.Queries)."""

    def validate(self, value):
        super().validate(value)
        if value.strip():
            search.Queries.of(value)  # InvalidSearch says what to change


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class FacetField(forms.MultipleChoiceField):
    """The chosen values of one facet: repeated ones once, unknown ones left out and reported."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, facet, **kwargs):
        self.facet = facet
        self.left_out = []
        super().__init__(**kwargs)

    def validate(self, value):
        pass  # every value is checked in clean()

    def clean(self, value):
        values = list(dict.fromkeys(value for value in self.to_python(value) if value))  # ?theme= chooses nothing
        valid = self.facet.valid(values)
        self.left_out = [value for value in values if value not in valid]
        return valid


class FacetFilter(django_filters.Filter):
    field_class = FacetField

    def __init__(self, facet):
        super().__init__(field_name=facet.name, label=facet.label, facet=facet)
        self.facet = facet

    def filter(self, queryset, values):
        return self.facet.restrict(queryset, values) if values else queryset


class PracticeSearchForm(forms.Form):
    """The facet fields (added by the FilterSet), the text query and the sort order."""

    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices = []  # what was left out of the visitor's choice, and why

    def clean(self):
        cleaned = super().clean()
        room = MAX_VALUES
        for name, field in self.fields.items():
            if not isinstance(field, FacetField):
                continue
            if field.left_out:
                shown = field.left_out[:NOTICE_VALUES]
                more = len(field.left_out) - len(shown)
                values = ", ".join(shown)
                if more:
                    values = ngettext("%(values)s and %(count)d more", "%(values)s and %(count)d more", more) % {
                        "values": values,
                        "count": more,
                    }
                self.notices.append(
                    _("%(facet)s: no such value, left out: %(values)s.") % {"facet": field.label, "values": values}
                )
            if not cleaned.get(name):
                continue
            kept = cleaned[name][: min(MAX_VALUES_PER_FACET, room)]
            if len(kept) < len(cleaned[name]):
                self.notices.append(
                    ngettext(
                        "%(facet)s: only the first %(count)d value was used.",
                        "%(facet)s: only the first %(count)d values were used.",
                        len(kept),
                    )
                    % {"facet": field.label, "count": len(kept)}
                )
            cleaned[name] = kept
            room -= len(kept)
        return cleaned


class PracticeFilterSet(django_filters.FilterSet):
    q = SearchFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        help_text=_(
            'Practices that contain all your words, in any form ("cooperative" also finds "cooperatives"). '
            'Put a phrase in "quotes", write OR between alternatives, and a minus before a word to leave it out: '
            "-tourism."
        ),
    )

    class Meta:
        form = PracticeSearchForm

    @classmethod
    def get_filters(cls):
        return {**super().get_filters(), **{name: FacetFilter(facet) for name, facet in FACETS.items()}}

    def filter_text(self, queryset, name, text):
        return queryset.search(text)

    def filter_queryset(self, queryset):
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, self.form.cleaned_data.get(name))
        return queryset.order_by(*ORDERINGS[self.sort_order])

    def cleaned(self, name):
        if not self.is_bound:
            return None
        self.form.is_valid()  # a value that does not validate is left out of cleaned_data, and reported
        return self.form.cleaned_data.get(name)

    @classmethod
    def of_published(cls, query):
        """The search of the public list for `query` (its GET parameters), over published practices: what the
        page, the API, the exports and the feed all search."""
        return cls(query, queryset=GoodPractice.objects.published())

    @property
    def text_error(self):
        """Why the text query cannot run, or None. Other wrong values are only left out (and reported as
        notices); a text that cannot be searched would otherwise give every practice, as if nothing was asked."""
        if self.is_bound and not self.form.is_valid() and "q" in self.form.errors:
            return " ".join(self.form.errors["q"])
        return None

    @property
    def text(self):
        return (self.cleaned("q") or "").strip()

    @property
    def sort_order(self):
        sort = self.cleaned("sort")
        if sort == "relevance" and not self.text:
            return "newest"
        return sort or ("relevance" if self.text else "newest")

    @cached_property
    def selection(self):
        """{facet name: [values]} of the facets in use."""
        return {name: values for name in FACETS if (values := self.cleaned(name))}

    def results(self):
        """The counts of every facet value (respecting the other filters and the text query) and the practices
        found, in order.

        Without a text query the practices are a queryset of cards. With one, they are the ids of the practices
        found, in order: one query ranks every practice that matches the text, the counts (which need them
        anyway) say which of them pass the facets, and the page fetches the cards of its ids only.
        """
        if not self.text:
            return Results(facet_counts(self.selection), self.qs.for_cards())
        ranked = self.queryset.search(self.text).order_by(*ORDERINGS[self.sort_order]).values_list("pk", flat=True)
        ranked = list(ranked)
        counts = facet_counts(self.selection, ranked)
        return Results(counts, [pk for pk in ranked if counts.matches(pk)], self.text)

    def facet_groups(self, counts):
        """Every facet with the values worth showing: those that give practices, and the chosen ones."""
        groups = []
        for name, facet in FACETS.items():
            chosen = set(self.selection.get(name, ()))
            options = [
                FacetOption(value, label, counts.count(name, value), value in chosen)
                for value, label in facet.choices(self.selection)
                if counts.count(name, value) or value in chosen
            ]
            groups.append(FacetGroup(name, facet.label, facet.arrange(options), facet.shown))
        return groups

    def query_string(self, without=(None, None)):
        """The query of this list as it was understood (valid values only, each once), `without` one
        (facet, value): what links to it or to a variant of it carry, never the raw query, however long."""
        query = QueryDict(mutable=True)
        if self.text:
            query["q"] = self.text
        if self.cleaned("sort"):
            query["sort"] = self.cleaned("sort")
        for name, values in self.selection.items():
            query.setlist(name, [value for value in values if (name, value) != without])
        return query.urlencode()

    def active_filters(self, groups):
        """The chosen facet values, each with the query of this page without it."""
        return [
            ActiveFilter(group.label, option.label, self.query_string(without=(group.name, option.value)))
            for group in groups
            for option in group.options
            if option.selected
        ]


@dataclass
class Results:
    counts: FacetCounts
    practices: Sequence  # a queryset of cards, or the ids of the practices found, in order (with a text query)
    text: str = ""

    def cards(self, page):
        """The practices of `page` (a slice of `practices`), ready for their cards."""
        if not self.text:
            return page
        cards = GoodPractice.objects.for_cards().with_snippets(self.text).in_bulk(page)
        return [cards[pk] for pk in page]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list
    shown: int

    @property
    def more(self):
        return self.options[self.shown :]

    @property
    def more_selected(self):
        return any(option.selected for option in self.more)


@dataclass
class ActiveFilter:
    facet: str
    label: str
    remove_query: str
