"""The countries of the NUTS classification, keyed by their NUTS country code.

NUTS uses EL for Greece and UK for the United Kingdom where ISO 3166 has GR and GB.
"""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    AL = "AL", _("Albania")
    AT = "AT", _("Austria")
    BA = "BA", _("Bosnia and Herzegovina")
    BE = "BE", _("Belgium")
    BG = "BG", _("Bulgaria")
    CH = "CH", _("Switzerland")
    CY = "CY", _("Cyprus")
    CZ = "CZ", _("Czechia")
    DE = "DE", _("Germany")
    DK = "DK", _("Denmark")
    EE = "EE", _("Estonia")
    EL = "EL", _("Greece")
    ES = "ES", _("Spain")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    HR = "HR", _("Croatia")
    HU = "HU", _("Hungary")
    IE = "IE", _("Ireland")
    IS = "IS", _("Iceland")
    IT = "IT", _("Italy")
    LI = "LI", _("Liechtenstein")
    LT = "LT", _("Lithuania")
    LU = "LU", _("Luxembourg")
    LV = "LV", _("Latvia")
    ME = "ME", _("Montenegro")
    MK = "MK", _("North Macedonia")
    MT = "MT", _("Malta")
    NL = "NL", _("Netherlands")
    NO = "NO", _("Norway")
    PL = "PL", _("Poland")
    PT = "PT", _("Portugal")
    RO = "RO", _("Romania")
    RS = "RS", _("Serbia")
    SE = "SE", _("Sweden")
    SI = "SI", _("Slovenia")
    SK = "SK", _("Slovakia")
    TR = "TR", _("Türkiye")
    UA = "UA", _("Ukraine")
    UK = "UK", _("United Kingdom")
    XK = "XK", _("Kosovo")


def name_key(name):
    """How names sort for a reader: by their letters, accents aside ("Česko" with C, "Österreich" with O)."""
    return unicodedata.normalize("NFKD", str(name)).casefold()


def by_name(choices):
    """(value, label) pairs in the order of their labels in the active language."""
    return sorted(choices, key=lambda choice: name_key(choice[1]))


def country_choices():
    """The countries, by name in the reader's language (their codes' order means nothing to a reader)."""
    return by_name(Country.choices)
