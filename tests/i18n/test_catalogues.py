"""Every catalogue of every language (locale/<lang>/LC_MESSAGES, made with `make messages`): complete, with
Django's plural forms, compiled, clean for msgfmt and translate-toolkit's pofilter, and with its glossary."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings

from tests.i18n.catalogues import DOMAINS, LANGUAGES, LOCALE, po_path

DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"
CATALOGUES = [(language, domain) for language in LANGUAGES for domain in DOMAINS]
# pofilter's tests (translate-toolkit) that every catalogue passes; see EXPLAINED for the few findings that
# are right in a language.
POFILTER_TESTS = ["printf", "pythonbraceformat", "xmltags", "variables", "nplurals", "untranslated", "doublespacing"]
POFILTER_TESTS += ["endpunc"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
# Key terms every glossary gives (locale/<lang>/glossary.md).
GLOSSARY_TERMS = [
    "social economy",
    "good practice",
    "policy instrument",
    "stakeholder",
    "study visit",
    "NUTS region",
    "transfer",
    "review",
]


def plural_forms(path):
    header = polib.pofile(str(path)).metadata["Plural-Forms"]
    return " ".join(header.split())


def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext); CI installs it")
    return path


def test_every_language_but_english_has_its_catalogues():
    assert LANGUAGES == ["de", "el", "bg", "nl", "fr", "ro", "hu", "pl", "pt", "lv", "es"]
    assert all(po_path(language, domain).exists() for language, domain in CATALOGUES)


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_message_is_translated_in_every_plural_form(language, domain):
    catalogue = polib.pofile(str(po_path(language, domain)))
    assert catalogue.metadata["Language"] == language
    assert not catalogue.metadata_is_fuzzy
    nplurals = int(plural_forms(po_path(language, domain)).split("nplurals=")[1].split(";")[0])
    entries = [entry for entry in catalogue if not entry.obsolete]
    assert len(entries) > (900 if domain == "django" else 3)
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []
    assert [entry.msgid for entry in entries if not entry.msgid_plural and not entry.msgstr] == []
    plurals = [entry for entry in entries if entry.msgid_plural]
    assert [entry.msgid for entry in plurals if len(entry.msgstr_plural) != nplurals] == []
    assert [entry.msgid for entry in plurals if not all(entry.msgstr_plural.values())] == []


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_the_plural_forms_are_djangos_own(language, domain):
    """Django joins its catalogues with the project's only when their plural forms agree."""
    assert plural_forms(po_path(language, domain)) == plural_forms(
        DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po"
    )


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_msgfmt_accepts_the_catalogue_and_the_compiled_one_is_up_to_date(language, domain, tmp_path):
    po = po_path(language, domain)
    fresh = tmp_path / f"{domain}.mo"
    checked = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", str(fresh), str(po)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "fuzzy" not in checked.stderr and "untranslated" not in checked.stderr, checked.stderr
    with fresh.open("rb") as file:
        expected = gettext.GNUTranslations(file)._catalog
    with po.with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    assert compiled == expected, f"{po.with_suffix('.mo')} is stale: run `make messages`"


def django_nplurals(language):
    return int(plural_forms(DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po").split("nplurals=")[1][0])


def explained(language, test, entry):
    """Whether a pofilter finding is right in `language`.

    - nplurals: translate-toolkit counts 3 plural forms for Polish and 2 for Spanish; Django's catalogues (whose
      Plural-Forms ours must repeat, see test_the_plural_forms_are_djangos_own) have 4 and 3, and msgfmt
      refuses an entry with fewer forms than the header says. An entry with Django's number is right.
    - printf in a plural entry whose English singular leaves the number out ("Here is the result…"): where the
      language's first form also serves 21, 31… (Latvian), msgfmt rightly asks for the number there; a placeholder
      of the English plural is right in any form (msgfmt checks that none is missing).
    - endpunc: punctuation that differs from English's by the language's rule: the Greek question mark ";",
      French's space before ":", "?", "!" and ";", and the colon after a Spanish letter's salutation
      ("Hola, %(name)s:" for "Hello %(name)s,").
    """
    if test == "nplurals":
        return len(entry.msgstr_plural) == django_nplurals(language)
    if test == "printf" and entry.msgid_plural:
        allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        return {found for form in entry.msgstr_plural.values() for found in PLACEHOLDER.findall(form)} <= allowed
    if test != "endpunc":
        return False
    source, translation = entry.msgid.rstrip(), (entry.msgstr or entry.msgstr_plural.get(0, "")).rstrip()
    if language == "el" and source.endswith("?"):
        return translation.endswith(";")
    if language == "fr" and source[-1:] in ":?!;":
        return translation.endswith(("\u00a0" + source[-1], "\u202f" + source[-1]))
    if language == "es" and source.startswith("Hello") and source.endswith(","):
        return translation.startswith("Hola") and translation.endswith(":")
    return False


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_pofilter_finds_nothing(language, domain, tmp_path):
    pofilter = Path(sys.executable).parent / "pofilter"
    report = tmp_path / "pofilter.po"
    tests = [argument for test in POFILTER_TESTS for argument in ("-t", test)]
    subprocess.run(
        [pofilter, "--progress=none", f"--language={language}", *tests, str(po_path(language, domain)), str(report)],
        check=True,
        capture_output=True,
    )
    findings = []
    for entry in polib.pofile(str(report)) if report.exists() else []:
        for comment in entry.tcomment.splitlines():
            if comment.startswith("(pofilter) "):
                test = comment.removeprefix("(pofilter) ").split(":")[0]
                if not explained(language, test, entry):
                    findings.append(f"{test}: {entry.msgid!r} -> {entry.msgstr or entry.msgstr_plural}")
    assert findings == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_glossary_of_its_key_terms(language):
    glossary = (LOCALE / language / "glossary.md").read_text(encoding="utf-8").lower()
    assert [term for term in GLOSSARY_TERMS if term.lower() not in glossary] == []


def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """`make messages` was run after the last change of a message: no message of the code is missing from the
    catalogues, and none is left that the code no longer has. Checked on German, in a copy of the sources."""
    msgfmt()  # makemessages needs GNU gettext too
    base = Path(settings.BASE_DIR)
    skipped = shutil.ignore_patterns("__pycache__", "*.pyc", "vendor", "*.mo")
    for name in ("practices", "events", "regions", "secon_portal", "templates", "static"):
        shutil.copytree(base / name, tmp_path / name, ignore=skipped)
    shutil.copy(base / "manage.py", tmp_path)
    shutil.copytree(LOCALE / "de", tmp_path / "locale" / "de", ignore=skipped)
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--locale", "de", "--domain", domain, "--no-obsolete"],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
        made = polib.pofile(str(tmp_path / "locale" / "de" / "LC_MESSAGES" / f"{domain}.po"))
        kept = polib.pofile(str(po_path("de", domain)))
        assert {(e.msgctxt, e.msgid, e.msgid_plural) for e in made} == {
            (e.msgctxt, e.msgid, e.msgid_plural) for e in kept
        }
