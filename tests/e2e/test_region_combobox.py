"""The region field of the practice form is a combobox that a partner uses with the keyboard."""

import pytest
from playwright.sync_api import Page, expect

from regions.models import Region
from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.helpers import log_in
from tests.factories import MembershipFactory, PartnerFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def partner_editor():
    """An editor of a partner in Haskovo, among regions in Greek, Cyrillic and Latin script."""
    central = RegionFactory(code="EL6", name="Κεντρική Ελλάδα", name_latin="Kentriki Ellada", level=1, country="EL")
    RegionFactory(code="EL65", name="Πελοπόννησος", name_latin="Peloponnisos", level=2, country="EL", parent=central)
    RegionFactory(code="PL21", name="Małopolskie", name_latin="Małopolskie", level=2, country="PL")
    RegionFactory(code="PL22", name="Śląskie", name_latin="Śląskie", level=2, country="PL")
    haskovo = RegionFactory(code="BG422", name="Хасково", name_latin="Haskovo", level=3, country="BG")
    partner = PartnerFactory(name="Haskovo Municipality", region=haskovo)
    membership = MembershipFactory(partner=partner, user__username="haskovo-editor")
    membership.user.set_password("correct horse battery staple")
    membership.user.save()
    return membership.user


def test_a_partner_finds_a_region_by_typing_part_of_its_name(page: Page, live_server, partner_editor):
    log_in(page, "haskovo-editor", "correct horse battery staple")
    page.goto(f"{live_server.url}/practices/new/")
    region = page.get_by_role("combobox", name="Region (required for review)")
    # The partner's own region is chosen already.
    expect(region).to_have_value("Haskovo (Хасково) – BG422")

    region.fill("")
    region.press_sequentially("Pelop")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(["Peloponnisos (Πελοπόννησος) – EL65"])
    expect(page.locator(".combobox [aria-live]")).to_have_text("1 region matches.")
    assert_no_axe_violations(page, "practice form, region combobox open")
    region.press("Enter")
    expect(region).to_have_value("Peloponnisos (Πελοπόννησος) – EL65")
    expect(region).to_have_attribute("aria-expanded", "false")
    assert page.locator("select#id_region").input_value() == str(Region.objects.get(code="EL65").pk)

    # The Greek name, a code, and letters without their accents all find regions; arrows choose among them.
    region.fill("Πελοπ")
    expect(listbox.get_by_role("option")).to_have_text(["Peloponnisos (Πελοπόννησος) – EL65"])
    region.fill("pl2")
    expect(listbox.get_by_role("option")).to_have_text(["Małopolskie – PL21", "Śląskie – PL22"])
    region.press("ArrowDown")
    region.press("Enter")
    expect(region).to_have_value("Śląskie – PL22")
    region.fill("slaskie")
    expect(listbox.get_by_role("option")).to_have_text(["Śląskie – PL22"])
    region.press("Escape")
    expect(region).to_have_attribute("aria-expanded", "false")

    # What is typed but not chosen does not count.
    region.fill("nowhere")
    expect(page.locator(".combobox [aria-live]")).to_contain_text("No region matches.")
    page.locator("#id_title").focus()
    expect(region).to_have_value("Śląskie – PL22")

    # Emptied, the region is missing for submission: the error summary's link leads to the combobox.
    region.fill("")
    page.locator("#id_title").fill("Village shop")
    page.get_by_role("button", name="Submit for review").click()
    # The summary takes the focus once the page's script has run; only then does its link move it on.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    page.locator("[data-error-summary]").get_by_role(
        "link", name="Region: Required before submitting for review."
    ).click()
    expect(page.get_by_role("combobox", name="Region (required for review)")).to_be_focused()
