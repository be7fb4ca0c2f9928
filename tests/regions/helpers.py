"""Building the regions' data and reading their pages."""

import datetime

from django.utils import timezone

from practices.models import TransferInterest
from regions.models import JointAssessment
from tests.factories import (
    GoodPracticeFactory,
)
from tests.html import assert_accessible_structure, assert_csp_safe

PUBLISHED_AT = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)


FOOTER_HEADING = "The project"


LEAD_SENTENCE = "The practice counts include practices located in smaller regions inside each partner region."


def published(**kwargs):
    return GoodPracticeFactory(published=True, **kwargs)


def next_year(month, day):
    """08:00 UTC on a day of next year: 11:00 in Athens, 10:00 in Sofia."""
    return datetime.datetime(timezone.now().year + 1, month, day, 8, tzinfo=datetime.UTC)


def transfer(practice, partner, stage=TransferInterest.Stage.INTERESTED, instrument=None):
    return TransferInterest.objects.create(
        practice=practice, partner=partner, stage=stage, policy_instrument=instrument
    )


def assessment(instrument, date, partners, findings, recommendations=""):
    row = JointAssessment.objects.create(
        instrument=instrument, date=date, findings=findings, recommendations=recommendations
    )
    row.reviewing_partners.set(partners)
    return row


def headings(doc, level):
    return doc.texts(f"h{level}")


def breadcrumbs(doc):
    nav = doc.find("nav", **{"aria-label": "Breadcrumb"})
    return [(li.text, li.find_all("a")[0].attrs["href"] if li.find_all("a") else None) for li in nav.find_all("li")]


def meta_description(doc):
    return doc.find("meta", name="description").attrs["content"]


def items(node):
    """The <li class="item"> of the lists in a section."""
    return node.find_all("li", **{"class": "item"})


def facts(node):
    """The dt/dd pairs of the first <dl> in `node`."""
    dl = node.find_all("dl")[0]
    return list(zip(dl.texts("dt"), dl.texts("dd"), strict=True))


def check_page(doc):
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    assert doc.find("link", href="/static/css/regions.css").attrs["rel"] == "stylesheet"
