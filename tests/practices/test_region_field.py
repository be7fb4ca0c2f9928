"""The region field of the practice form: the partner regions first, names in Latin script, the code."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import GoodPracticeFactory, MembershipFactory, PartnerFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return {
        "peloponnese": RegionFactory(code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", level=2),
        "haskovo": RegionFactory(code="BG422", name="Хасково", name_latin="Haskovo", country="BG"),
        "silesia": RegionFactory(code="PL22", name="Śląskie", name_latin="Śląskie", country="PL", level=2),
        "extremadura": RegionFactory(code="ES43", name="Extremadura", name_latin="Extremadura", country="ES", level=2),
    }


def region_field(client, user):
    client.force_login(user)
    return client.get(reverse("practices:practice-create")).context["form"]["region"]


def test_partner_regions_come_first_then_each_country_with_names_in_latin_script_and_the_code(client, regions):
    editor = MembershipFactory(partner=PartnerFactory(region=regions["haskovo"])).user
    PartnerFactory(region=regions["peloponnese"])
    field = region_field(client, editor)
    choices = list(field.field.choices)[1:]  # after "Choose a region"
    groups = [(str(group), [str(label) for _value, label in options]) for group, options in choices]
    assert groups == [
        ("Partner regions", ["Haskovo (Хасково) – BG422", "Peloponnisos (Πελοπόννησος) – EL65"]),
        ("Poland", ["Śląskie – PL22"]),
        ("Spain", ["Extremadura – ES43"]),
    ]
    assert field.field.widget.attrs["data-combobox"] == "region"


def test_a_new_practice_starts_in_the_partners_own_region(client, regions):
    editor = MembershipFactory(partner=PartnerFactory(region=regions["haskovo"])).user
    assert region_field(client, editor).value() == regions["haskovo"].pk


def test_a_saved_practice_keeps_its_region_or_its_lack_of_one(client, regions):
    membership = MembershipFactory(partner=PartnerFactory(region=regions["haskovo"]))
    practice = GoodPracticeFactory(partner=membership.partner, region=None)
    client.force_login(membership.user)
    form = client.get(reverse("practices:practice-edit", args=[practice.slug])).context["form"]
    assert form["region"].value() is None


def test_greek_readers_read_greek_names(client, regions):
    editor = MembershipFactory(partner=PartnerFactory(region=regions["haskovo"])).user
    field = region_field(client, editor).field
    with translation.override("el"):
        labels = [str(label) for _group, options in list(field.choices)[1:] for _value, label in options]
    assert "Πελοπόννησος – EL65" in labels
    assert "Haskovo (Хасково) – BG422" in labels
