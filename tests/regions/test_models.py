import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from regions.models import Membership, Partner, Region
from tests.factories import MembershipFactory, PartnerFactory, PolicyInstrumentFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_only_one_partner_can_lead():
    PartnerFactory(is_lead=True)
    second = PartnerFactory.build(is_lead=True, region=RegionFactory())
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.messages == ["Only one partner can be the lead partner."]
    with pytest.raises(IntegrityError):
        second.save()


def test_a_user_has_one_membership_per_partner():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, partner=membership.partner, role=Membership.Role.CONTACT)


def test_only_editors_with_an_active_account_grant_editing():
    """The rule in its two forms, for a loaded membership and for a queryset, agrees."""
    editor = MembershipFactory()
    contact = MembershipFactory(partner=editor.partner, role=Membership.Role.CONTACT)
    inactive = MembershipFactory(partner=editor.partner, user__is_active=False)
    memberships = [editor, contact, inactive]
    assert [membership.grants_editing for membership in memberships] == [True, False, False]
    assert list(Membership.objects.active_editors()) == [editor]


def test_a_region_image_needs_alternative_text():
    region = RegionFactory.build(image="regions/peloponnese.jpg", image_alt="")
    with pytest.raises(ValidationError) as error:
        region.full_clean()
    assert error.value.messages == ["An image needs a description (alternative text)."]


def test_partner_regions_are_the_regions_with_a_partner():
    with_partner = PartnerFactory().region
    RegionFactory()
    assert list(Region.objects.partner_regions()) == [with_partner]


def test_region_shows_its_english_name_when_it_has_one():
    assert str(RegionFactory(code="EL65", name="Πελοπόννησος", name_en="Peloponnese")) == "Peloponnese (EL65)"
    assert str(RegionFactory(code="ES43", name="Extremadura")) == "Extremadura (ES43)"


def test_policy_instrument_period_cannot_end_before_it_starts():
    instrument = PolicyInstrumentFactory.build(partner=PartnerFactory(), period_start=2027, period_end=2021)
    instrument.region = instrument.partner.region
    with pytest.raises(ValidationError) as error:
        instrument.full_clean()
    assert error.value.messages == ["The period cannot end before it starts."]
    assert PolicyInstrumentFactory(period_start=2021, period_end=2027).period == "2021\u20132027"


def test_partner_country_is_its_regions_country():
    partner = PartnerFactory(region=RegionFactory(country="LV"))
    assert partner.country == "LV"
    assert partner.get_country_display() == "Latvia"
    assert Partner.objects.get(pk=partner.pk).region.country == "LV"
