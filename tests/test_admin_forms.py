"""Add and change forms of the staff admin: memberships, joint assessments, transfer interests, results."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from events.models import Event
from practices.models import GoodPractice, TransferInterest
from regions.models import Membership, PolicyInstrument
from tests.admin import User, admin_url, inline_management_data
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    PracticeResultFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# User admin with partner memberships


def test_staff_attaches_a_user_to_a_partner_with_a_role(superuser_client):
    user = UserFactory(username="maria")
    partner = PartnerFactory(short_name="KMOP")
    url = admin_url(User, "change", user.pk)
    page = superuser_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.pop("password", None)
    data.update(
        {
            **inline_management_data(page),
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2025-01-15",
            "date_joined_1": "12:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-partner": str(partner.pk),
            "memberships-0-role": Membership.Role.CONTACT,
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert list(user.memberships.values_list("partner__short_name", "role")) == [("KMOP", "contact")]

    changelist = superuser_client.get(admin_url(User, "changelist"), {"q": "maria"})
    (row,) = changelist.context["cl"].result_list
    assert changelist.context["cl"].model_admin.partner_list(row) == "KMOP"


def test_policy_instrument_with_joint_assessment(superuser_client):
    partner = PartnerFactory()
    reviewer_partner = PartnerFactory()
    url = admin_url(PolicyInstrument, "add")
    page = superuser_client.get(url)
    data = {
        **inline_management_data(page),
        "name": "Regional Programme Peloponnese 2021-2027",
        "slug": "rp-peloponnese",
        "type": PolicyInstrument.Type.EU_PROGRAMME,
        "managing_authority": "Managing Authority of the Region",
        "region": str(partner.region.pk),
        "partner": str(partner.pk),
        "period_start": "2021",
        "period_end": "2027",
        "description": "Funds social enterprises.",
        "improvement_status": PolicyInstrument.ImprovementStatus.IN_PROGRESS,
        "assessments-TOTAL_FORMS": "1",
        "assessments-0-date": "2025-03-04",
        "assessments-0-reviewing_partners": [str(reviewer_partner.pk)],
        "assessments-0-findings": "Social enterprises rarely apply.",
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    instrument = PolicyInstrument.objects.get(slug="rp-peloponnese")
    (assessment,) = instrument.assessments.all()
    assert assessment.date == datetime.date(2025, 3, 4)
    assert list(assessment.reviewing_partners.all()) == [reviewer_partner]
    assert instrument.history.count() == 1


def test_transfer_interest_records_who_added_it(superuser_client):
    practice = GoodPracticeFactory()
    partner = PartnerFactory()
    response = superuser_client.post(
        admin_url(TransferInterest, "add"),
        {"practice": practice.pk, "partner": partner.pk, "stage": "studying", "note": ""},
    )
    assert response.status_code == 302
    interest = TransferInterest.objects.get()
    assert (interest.stage, interest.created_by) == ("studying", response.wsgi_request.user)


def test_transfer_interest_refuses_a_partners_own_practice(superuser_client):
    practice = GoodPracticeFactory()
    response = superuser_client.post(
        admin_url(TransferInterest, "add"),
        {"practice": practice.pk, "partner": practice.partner.pk, "stage": "interested"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["A partner cannot transfer its own practice."]
    assert TransferInterest.objects.count() == 0


def test_result_values_show_on_the_practice_page(superuser_client):
    practice = GoodPracticeFactory()
    PracticeResultFactory(practice=practice, value=Decimal("12.00"))
    response = superuser_client.get(admin_url(GoodPractice, "change", practice.pk))
    results = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "results")
    assert [form.instance.value for form in results.formset.forms] == [Decimal("12.00")]


def test_countries_are_listed_by_name_in_the_readers_language(client):
    client.force_login(SuperuserFactory())
    form = client.get(admin_url(Event, "add")).context["adminform"].form
    names = [str(label) for value, label in form.fields["country"].choices if value]
    assert names[:4] == ["Albania", "Austria", "Belgium", "Bosnia & Herzegovina"]  # CLDR's name, through Babel
    assert names.index("Czechia") < names.index("Denmark") < names.index("Greece") < names.index("Kosovo")
    with translation.override("de"):
        german = [str(label) for value, label in form.fields["country"].choices if value]
    assert german.index("Österreich") > german.index("Norwegen")  # Ö with O, after N
