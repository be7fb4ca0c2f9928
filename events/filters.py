"""The filters of the public event list: type, country, theme and year, one value each.

Every filter is a plain GET parameter (?type=study-visit&year=2026). The choices are read once
per request (one query each), and the event types are kept for the list's calendar feeds.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventType
from practices.models import Theme
from regions.countries import Country, by_name


def select(label, empty_label, **kwargs):
    return django_filters.ChoiceFilter(
        label=label, empty_label=empty_label, widget=forms.Select(attrs={"class": "form-select"}), **kwargs
    )


class EventFilterSet(django_filters.FilterSet):
    type = select(_("Type"), _("All types"), field_name="event_type__slug")
    country = select(_("Country"), _("All countries"), field_name="country")
    theme = select(_("Theme"), _("All themes"), field_name="themes__slug")
    year = select(_("Year"), _("All years"), method="filter_year")

    class Meta:
        model = Event
        fields = ("type", "country", "theme", "year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_types = list(EventType.objects.all())
        countries = Event.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
        self.set_choices("type", [(event_type.slug, event_type.label) for event_type in self.event_types])
        self.set_choices("country", by_name((code, Country(code).label) for code in countries))
        self.set_choices("theme", [(theme.slug, theme.label) for theme in Theme.objects.all()])
        self.set_choices("year", [(str(year), str(year)) for year in Event.objects.start_years()])

    def set_choices(self, name, choices):
        self.filters[name].extra["choices"] = choices

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters)
