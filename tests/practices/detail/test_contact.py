"""The contact on a practice's page: personal details only with consent, the partner otherwise."""

import pytest

from tests.html import texts
from tests.practices.detail.helpers import page_of, section_of

pytestmark = pytest.mark.django_db


def test_contact_details_only_with_consent(client, practice):
    practice.contact_consent = True
    practice.save()
    page = page_of(client, practice)
    contact = section_of(page, "contact-heading")
    assert texts(contact, "span") == [
        "Anna Beispiel",
        "Rhine-Neckar Regional Association",
        "E-mail: anna@dorfladen.example.org",
        "Telephone: +49 6221 123 456",
    ]
    assert (
        '<a class="url-shown" href="mailto:anna@dorfladen.example.org">anna@dorfladen.example.org</a>' in contact.markup
    )
    assert '<a class="url-shown" href="tel:+496221123456">+49 6221 123 456</a>' in contact.markup


def test_without_consent_the_partner_is_the_contact_and_nothing_personal_shows(client, practice):
    page = page_of(client, practice)
    contact = section_of(page, "contact-heading")
    assert texts(contact, "p") == ["Ask the partner organisation that submitted this practice:"]
    assert texts(contact, "address") == ["Rhine-Neckar Regional Association https://www.m-r-n.com/"]
    assert '<a class="url-shown text-break" href="https://www.m-r-n.com/" rel="noopener noreferrer">' in contact.markup
    for private in ("Anna Beispiel", "anna@dorfladen", "6221", "mailto:", "tel:"):
        assert private not in page
