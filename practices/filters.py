"""The filters of the public practice list: a text query, nine facets and the sort order.

The FilterSet declares and validates the GET parameters; filtering and counting go through
the facet index (practices/facet_search.py), so that several values of one facet combine
with OR, facets with AND, and every count respects the other active filters.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from practices.choices import PracticeType, TargetGroup
from practices.facet_search import facet_search, matching
from practices.models import Theme, Topic
from practices.search import SEARCH_CONFIG
from regions.countries import Country
from regions.models import Region

# Values of a facet shown at once; the rest sits behind a "more" disclosure.
FACET_VALUES_SHOWN = 8
# Of about 1,800 NUTS regions, those giving most practices; choosing a country narrows them.
REGIONS_SHOWN = 40
# Marks around the words that match the text query in snippets; replaced by <mark> after escaping.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("title", _("Title (A to Z)")),
    ("start", _("Start year (latest first)")),
]
ORDERINGS = {
    "relevance": ["-rank", "-published_at", "-id"],  # see PracticeFilterSet.filter_queryset
    "newest": ["-published_at", "-id"],
    "title": ["title", "id"],
    "start": [F("start_date").desc(nulls_last=True), "-id"],
}


def without_highlight_marks(text):
    """`text` without the control characters that mark matches, so that none typed in it become <mark>."""
    marks = Value(HIGHLIGHT_START + HIGHLIGHT_STOP)
    return Func(text, marks, Value(""), function="translate", output_field=TextField())


def with_snippet(practices, query):
    """`practices` with `snippet`: the passages of summary and description that match `query`, marked."""
    text = Concat("summary", Value(" \n "), "description", output_field=TextField())
    return practices.annotate(
        snippet=SearchHeadline(
            without_highlight_marks(text),
            query,
            config=SEARCH_CONFIG,
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_fragments=2,
            min_words=12,
            max_words=30,
            fragment_delimiter=" … ",
        )
    )


class RankedPractices:
    """Practices in the order of a list of ids ranked beforehand, fetched a page (a slice) at a time."""

    def __init__(self, queryset, ids):
        self.queryset, self.ids, self.model = queryset, ids, queryset.model

    def __len__(self):
        return len(self.ids)

    count = __len__

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = {practice.pk: practice for practice in self.queryset.filter(pk__in=ids)}
        page = [found[pk] for pk in ids if pk in found]
        return page if isinstance(index, slice) else page[0]


def start_years():
    return [(str(year), str(year)) for year in range(timezone.localdate().year, 1949, -1)]


class FacetMixin:
    """A facet: filters through the facet index (see PracticeFilterSet.filter_queryset)."""

    def __init__(self, *args, facet, **kwargs):
        self.facet = facet
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs

    def index_values(self, value):
        """The values of the facet index for the cleaned `value` of this filter."""
        return [str(getattr(item, "pk", item)) for item in value]


class FacetFilter(FacetMixin, django_filters.MultipleChoiceFilter):
    pass


class ModelFacetFilter(FacetMixin, django_filters.ModelMultipleChoiceFilter):
    pass


class PracticeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="noop",
        max_length=200,
        help_text=_('Words must all appear. Use "quotes" for a phrase, or for alternatives, -word to exclude.'),
    )
    theme = ModelFacetFilter(facet="theme", label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug")
    topic = ModelFacetFilter(facet="topic", label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug")
    country = FacetFilter(facet="country", label=_("Country"), choices=Country.choices)
    region = ModelFacetFilter(facet="region", label=_("Region"), queryset=Region.objects.all(), to_field_name="code")
    type = FacetFilter(facet="type", label=_("Type of practice"), choices=PracticeType.choices)
    target = FacetFilter(facet="target", label=_("Target group"), choices=TargetGroup.choices)
    rural = FacetFilter(facet="rural", label=_("Rural focus"), choices=[("yes", _("Yes")), ("no", _("No"))])
    status = FacetFilter(facet="status", label=_("Status"), choices=[("ongoing", _("Ongoing")), ("ended", _("Ended"))])
    start = FacetFilter(facet="start", label=_("Start year"), choices=start_years)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="noop", empty_label=None, null_label=None
    )

    def noop(self, queryset, name, value):
        return queryset

    @property
    def facet_filters(self):
        return {name: f for name, f in self.filters.items() if isinstance(f, FacetMixin)}

    def cleaned(self, name):
        if not self.is_bound:
            return None
        self.form.is_valid()  # invalid values are dropped from cleaned_data and reported
        return self.form.cleaned_data.get(name)

    @property
    def text(self):
        return (self.cleaned("q") or "").strip()

    @property
    def sort_order(self):
        return self.cleaned("sort") or ("relevance" if self.text else "newest")

    def selection(self):
        """{facet: [index values]} of the active facet filters."""
        return {
            f.facet: f.index_values(value) for name, f in self.facet_filters.items() if (value := self.cleaned(name))
        }

    @cached_property
    def regions_to_count(self):
        """Of the ~1,800 regions: those of the chosen countries, or else the partner regions."""
        countries = self.cleaned("country")
        return list(Region.objects.filter(country__in=countries) if countries else Region.objects.partner_regions())

    def filter_queryset(self, queryset):
        queryset = queryset.published()
        selection = self.selection()
        regions = [region.pk for region in self.regions_to_count]
        if not self.text:
            self.facets = facet_search(selection, regions=regions)
            if selection:
                queryset = matching(queryset, self.facets.bits)
            return queryset.order_by(*ORDERINGS["newest" if self.sort_order == "relevance" else self.sort_order])

        query = SearchQuery(self.text, config=SEARCH_CONFIG, search_type="websearch")
        matches = queryset.filter(search_vector=query)
        if self.sort_order != "relevance":
            self.facets = facet_search(selection, set(matches.values_list("pk", flat=True)), regions=regions)
            if selection:
                matches = matching(matches, self.facets.bits)
            return with_snippet(matches, query).order_by(*ORDERINGS[self.sort_order])
        # One pass over the matches both ranks them and gives the facet counts their input.
        ranked = list(
            matches.annotate(rank=SearchRank(F("search_vector"), query))
            .order_by(*ORDERINGS["relevance"])
            .values_list("pk", flat=True)
        )
        self.facets = facet_search(selection, set(ranked), regions=regions)
        if selection:
            ranked = [pk for pk in ranked if self.facets.bits[pk] == "1"]
        return RankedPractices(with_snippet(queryset, query), ranked)

    # -- what the page shows ---------------------------------------------------------------------

    @cached_property
    def facet_groups(self):
        """Every facet with the values worth showing: those that give practices, and the selected ones."""
        labels = self.value_labels()
        groups = []
        for name, facet_filter in self.facet_filters.items():
            selected = set(self.data.getlist(name))
            counts = self.facets.counts.get(facet_filter.facet, {})
            options = [
                FacetOption(param, label, counts.get(index_value, 0), param in selected)
                for index_value, (param, label) in labels[facet_filter.facet].items()
                if counts.get(index_value, 0) or param in selected
            ]
            if facet_filter.facet == "region":  # the regions that give most, and the selected ones
                options.sort(key=lambda option: (not option.selected, -option.count))
                options = [o for i, o in enumerate(options) if o.selected or i < REGIONS_SHOWN]
            groups.append(FacetGroup(name, facet_filter.label, options))
        return groups

    def value_labels(self):
        """{facet: {index value: (GET value, label)}} in display order."""
        regions = set(self.regions_to_count) | set(self.cleaned("region") or ())
        labels = {
            "theme": {str(t.pk): (t.slug, t.label) for t in Theme.objects.all()},
            "topic": {str(t.pk): (t.slug, t.label) for t in sorted(Topic.objects.all(), key=lambda t: t.label)},
            "region": {str(r.pk): (r.code, f"{r.display_name} ({r.code})") for r in regions},
            "country": dict(sorted(((c, (c, label)) for c, label in Country.choices), key=lambda item: item[1][1])),
            "start": {year: (year, year) for year in sorted(self.facets.counts.get("start", {}), reverse=True)},
        }
        for facet_filter in self.facet_filters.values():
            if facet_filter.facet not in labels:
                labels[facet_filter.facet] = {value: (value, label) for value, label in facet_filter.extra["choices"]}
        return labels

    @cached_property
    def active_filters(self):
        """The selected facet values, each with the URL of this page without it."""
        labels = {group.name: {o.value: o.label for o in group.options} for group in self.facet_groups}
        chips = []
        for name in self.facet_filters:
            for value in self.data.getlist(name):
                if value in labels[name]:
                    query = self.data.copy()
                    query.setlist(name, [v for v in query.getlist(name) if v != value])
                    query.pop("page", None)
                    chips.append(ActiveFilter(self.filters[name].label, labels[name][value], query.urlencode()))
        return chips


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

    shown = FACET_VALUES_SHOWN

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
