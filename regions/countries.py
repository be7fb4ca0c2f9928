"""The countries of the NUTS classification, keyed by their NUTS country code.

NUTS uses EL for Greece and UK for the United Kingdom where ISO 3166 has GR and GB. The names come from
the Unicode CLDR (through Babel), in the active language: the names the reader's operating system and
browser use, complete for every language of the portal.
"""

import functools
import unicodedata

from babel import Locale
from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language

# The NUTS country codes that are not ISO 3166 codes, and the CLDR locale of a Django language code
# where they differ (the portal's Portuguese is European Portuguese).
ISO_CODES = {"EL": "GR", "UK": "GB"}
CLDR_LOCALES = {"pt": "pt_PT"}


@functools.cache
def _territory_names(language):
    return Locale.parse(CLDR_LOCALES.get(language, language)).territories


def country_name(code):
    """The name of the country with the NUTS code `code`, in the active language."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _territory_names(language)[ISO_CODES.get(code, code)]


cldr_name = lazy(country_name, str)


class Country(models.TextChoices):
    AL = "AL", cldr_name("AL")
    AT = "AT", cldr_name("AT")
    BA = "BA", cldr_name("BA")
    BE = "BE", cldr_name("BE")
    BG = "BG", cldr_name("BG")
    CH = "CH", cldr_name("CH")
    CY = "CY", cldr_name("CY")
    CZ = "CZ", cldr_name("CZ")
    DE = "DE", cldr_name("DE")
    DK = "DK", cldr_name("DK")
    EE = "EE", cldr_name("EE")
    EL = "EL", cldr_name("EL")
    ES = "ES", cldr_name("ES")
    FI = "FI", cldr_name("FI")
    FR = "FR", cldr_name("FR")
    HR = "HR", cldr_name("HR")
    HU = "HU", cldr_name("HU")
    IE = "IE", cldr_name("IE")
    IS = "IS", cldr_name("IS")
    IT = "IT", cldr_name("IT")
    LI = "LI", cldr_name("LI")
    LT = "LT", cldr_name("LT")
    LU = "LU", cldr_name("LU")
    LV = "LV", cldr_name("LV")
    ME = "ME", cldr_name("ME")
    MK = "MK", cldr_name("MK")
    MT = "MT", cldr_name("MT")
    NL = "NL", cldr_name("NL")
    NO = "NO", cldr_name("NO")
    PL = "PL", cldr_name("PL")
    PT = "PT", cldr_name("PT")
    RO = "RO", cldr_name("RO")
    RS = "RS", cldr_name("RS")
    SE = "SE", cldr_name("SE")
    SI = "SI", cldr_name("SI")
    SK = "SK", cldr_name("SK")
    TR = "TR", cldr_name("TR")
    UA = "UA", cldr_name("UA")
    UK = "UK", cldr_name("UK")
    XK = "XK", cldr_name("XK")


def name_key(name):
    """How names sort for a reader: by their letters, accents aside ("Česko" with C, "Österreich" with O)."""
    return unicodedata.normalize("NFKD", str(name)).casefold()


def by_name(choices):
    """(value, label) pairs in the order of their labels in the active language."""
    return sorted(choices, key=lambda choice: name_key(choice[1]))


def country_choices():
    """The countries, by name in the reader's language (their codes' order means nothing to a reader)."""
    return by_name(Country.choices)
