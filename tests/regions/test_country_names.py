"""Country names come from the Unicode CLDR (through Babel), in the reader's language, keyed by NUTS codes."""

import pytest
from django.utils import translation

from regions.countries import Country


@pytest.mark.parametrize(
    ("language", "greece", "czechia", "united_kingdom"),
    [
        ("en", "Greece", "Czechia", "United Kingdom"),
        ("el", "Ελλάδα", "Τσεχία", "Ηνωμένο Βασίλειο"),
        ("bg", "Гърция", "Чехия", "Обединеното кралство"),
        ("lv", "Grieķija", "Čehija", "Apvienotā Karaliste"),
        ("hu", "Görögország", "Csehország", "Egyesült Királyság"),
        # European Portuguese, not Brazilian ("Tchéquia")
        ("pt", "Grécia", "Chéquia", "Reino Unido"),
    ],
)
def test_country_names_follow_the_readers_language(language, greece, czechia, united_kingdom):
    with translation.override(language):
        # EL and UK are NUTS codes; CLDR knows the countries as GR and GB.
        assert [str(Country.EL.label), str(Country.CZ.label), str(Country.UK.label)] == [
            greece,
            czechia,
            united_kingdom,
        ]


def test_every_country_of_the_classification_has_a_name_in_every_language(settings):
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names = [str(label) for label in Country.labels]
        assert len(set(names)) == len(Country.values), language
        assert all(name and name not in Country.values for name in names), language
