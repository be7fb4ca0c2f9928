"""The facets of the practice list, one declaration each (DESIGN.md section 6).

A declaration holds everything about its facet: the GET parameter, which is also the facet's name
in the facet index; the label; where a practice's values come from (lookups on GoodPractice, and
how a looked-up value is stored); the values a visitor may choose, with their labels, in display
order; and which values are counted. The facet index (facet_index.py writes it, facet_counts.py
counts with it), the FilterSet (filters.py) and the list's template all read FACETS.

Values are stored in the index as they appear in the URL (?theme=access, ?region=EL65, ?rural=yes),
so a value never changes form between the address, the index and the page.

Adding a facet means adding a declaration here (and a migration if the practice needs a new
field); `manage.py rebuild_facet_index` then fills its part of the index.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.choices import PracticeType, TargetGroup
from practices.models import Theme, Topic
from regions.countries import Country, by_name
from regions.models import Region, enclosing_codes

# The oldest start year a visitor may filter by.
FIRST_YEAR = 1950


def stored_values(value):
    """How one looked-up value is stored: a list gives several values, a boolean yes or no, nothing none."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, bool):
            yield "yes" if item else "no"
        elif item is not None and item != "":
            yield str(item)


@dataclass(frozen=True)
class Facet:
    """A facet whose values are stored in the facet index. Subclasses say which values exist."""

    name: str
    label: str
    lookups: tuple = ()  # each gives values of a practice for this facet
    shown: int = 8  # values shown at once; the rest behind a "more" disclosure

    def choices(self, selection):
        """(value, label) of the values shown and counted for `selection` ({facet name: [values]}), in order."""
        raise NotImplementedError

    def valid(self, values):
        """Those of `values` that name a value of this facet, in their order."""
        known = {value for value, _label in self.choices({})}
        return [value for value in values if value in known]

    def counted(self, selection):
        """The values to count, or None for every value in the index."""
        return None

    def arrange(self, options):
        """The options (FacetOption) in the order the page shows them."""
        return options

    def restrict(self, practices, values):
        """`practices` (a GoodPractice queryset) limited to those with any of `values`."""
        return practices.in_index(self.name, values)


@dataclass(frozen=True)
class ChoicesFacet(Facet):
    """A facet over a fixed list of choices (value, label)."""

    options: tuple = ()
    sort_by_label: bool = False

    def choices(self, selection):
        choices = [(value, str(label)) for value, label in self.options]
        return by_name(choices) if self.sort_by_label else choices


@dataclass(frozen=True)
class TaxonomyFacet(Facet):
    """Themes or topics, by slug."""

    model: type = None
    sort_by_label: bool = False

    def choices(self, selection):
        choices = [(item.slug, str(item.label)) for item in self.model.objects.all()]
        return by_name(choices) if self.sort_by_label else choices


@dataclass(frozen=True)
class RegionFacet(Facet):
    """NUTS regions, by code. A practice counts in its region and in every region that region lies within.

    Of the ~1,800 regions, those of the chosen countries are counted, or else the partner regions, and
    the chosen regions always; the page shows those that give most.
    """

    most_shown: int = 40

    def regions(self, selection):
        countries = selection.get("country")
        counted = Q(country__in=countries) if countries else Q(pk__in=Region.objects.partner_regions())
        return Region.objects.filter(counted | Q(code__in=selection.get(self.name, ())))

    def choices(self, selection):
        return [(region.code, f"{region.display_name} ({region.code})") for region in self.regions(selection)]

    def valid(self, values):
        known = set(Region.objects.filter(code__in=values).values_list("code", flat=True))
        return [value for value in values if value in known]

    def counted(self, selection):
        return [code for code, _label in self.choices(selection)]

    def arrange(self, options):
        options = sorted(options, key=lambda option: (not option.selected, -option.count, option.label))
        return [option for i, option in enumerate(options) if option.selected or i < self.most_shown]


@dataclass(frozen=True)
class StartYearFacet(Facet):
    """The year a practice started, latest first; only the years that give practices are shown."""

    def choices(self, selection):
        return [(str(year), str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


@dataclass(frozen=True)
class StatusFacet(ChoicesFacet):
    """Ongoing or ended, by the end date and today's date (GoodPracticeQuerySet.ongoing and ended).

    Not stored as such: it depends on the day. The index keeps the practices by the year they end
    (`END_YEAR`), and facet_counts.py derives both values from it.
    """

    def restrict(self, practices, values):
        if set(values) == {"ongoing"}:
            return practices.ongoing()
        if set(values) == {"ended"}:
            return practices.ended()
        return practices


END_YEAR = "end"  # the index's bitmaps of the practices by the year they end, read by the status facet

FACETS = {
    facet.name: facet
    for facet in (
        TaxonomyFacet("theme", _("Theme"), ("themes__slug",), model=Theme),
        TaxonomyFacet("topic", _("Topic"), ("topics__slug",), model=Topic, sort_by_label=True),
        ChoicesFacet("country", _("Country"), ("region__country",), options=Country.choices, sort_by_label=True),
        RegionFacet("region", _("Region"), enclosing_codes("region")),
        ChoicesFacet("type", _("Type of practice"), ("practice_type",), options=PracticeType.choices),
        ChoicesFacet("target", _("Target group"), ("target_groups",), options=TargetGroup.choices),
        ChoicesFacet("rural", _("Rural focus"), ("rural_focus",), options=(("yes", _("Yes")), ("no", _("No")))),
        StatusFacet("status", _("Status"), options=(("ongoing", _("Ongoing")), ("ended", _("Ended")))),
        StartYearFacet("start", _("Start year"), ("start_date__year",)),
    )
}

# What the index stores for each practice: the facets' own lookups, and the end years for the status.
INDEXED = {
    **{name: facet.lookups for name, facet in FACETS.items() if facet.lookups},
    END_YEAR: ("end_date__year",),
}
