"""Numbers and amounts of money as a reader of the active language writes them."""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language

# Where the euro sign goes, by language (CLDR): before the amount in English and Dutch, after it elsewhere.
EURO_PATTERNS = {"en": "€{amount}", "nl": "€\u00a0{amount}", "ga": "€{amount}", "mt": "€{amount}"}
EURO_PATTERN_DEFAULT = "{amount}\u00a0€"


def language():
    """The active language without its region: "pt" for pt-PT."""
    return (get_language() or "en").split("-")[0]


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _significant_places(value, most=2):
    """Decimal places worth showing: 12.00 -> 0, 12.50 -> 1, 12.25 -> 2."""
    exponent = value.normalize().as_tuple().exponent
    return min(max(-exponent, 0), most) if isinstance(exponent, int) else 0


def number(value):
    """A number in the visitor's locale, grouped, without trailing zeros: 12500.50 -> "12,500.5" in English."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return formats.number_format(amount, _significant_places(amount), use_l10n=True, force_grouping=True)


def eur(value):
    """An amount in euros in the visitor's locale: "€12,500" in English, "12.500 €" in German; cents only if any."""
    amount = _decimal(value)
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    formatted = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return EURO_PATTERNS.get(language(), EURO_PATTERN_DEFAULT).format(amount=formatted)
