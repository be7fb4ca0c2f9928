"""The portal's catalogues, for the tests of this folder."""

from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
# Every language but English, the language of the source texts.
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ["django", "djangojs"]


def po_path(language, domain):
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
