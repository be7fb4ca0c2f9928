"""Transfers: a partner declares its region's interest in another partner's published practice, and updates it."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from practices.forms.transfer import transfer_forms
from practices.models import State, TransferInterest
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    ReviewerFactory,
    StaffFactory,
    TransferInterestFactory,
)
from tests.html import fragment, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def practice():
    owner = PartnerFactory(name="Region of Peloponnese")
    return GoodPracticeFactory(partner=owner, title="Village shop", slug="village-shop", published=True)


@pytest.fixture
def haskovo():
    return PartnerFactory(name="Haskovo Municipality", short_name="Haskovo")


@pytest.fixture
def editor(haskovo):
    """An editor of another partner than the practice's."""
    return MembershipFactory(partner=haskovo, user__username="hristo").user


@pytest.fixture
def instrument(haskovo):
    return PolicyInstrumentFactory(partner=haskovo, name="Haskovo social economy plan")


DECLARE = reverse("practices:transfer-declare", args=["village-shop"])


def declare(client, user, **data):
    client.force_login(user)
    return client.post(DECLARE, data)


def test_the_urls():
    assert DECLARE == "/practices/village-shop/transfer/"
    assert reverse("practices:transfer-update", args=[3]) == "/practices/transfers/3/"


def test_declare_an_interest_with_a_note_and_an_instrument(client, practice, editor, haskovo, instrument):
    response = declare(client, editor, note="We would adapt it to our villages.", policy_instrument=instrument.pk)

    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/#transfer-interest"
    interest = TransferInterest.objects.get()
    assert (interest.practice, interest.partner, interest.policy_instrument) == (practice, haskovo, instrument)
    assert (interest.stage, interest.note, interest.created_by) == (
        TransferInterest.Stage.INTERESTED,
        "We would adapt it to our villages.",
        editor,
    )
    html = client.get(response["Location"]).content.decode()
    assert texts(html, "div", "alert-success") == ["Your region's interest in transferring this practice is recorded."]
    assert texts(html, "span", "transfer-partner") == ["Haskovo Municipality"]


def test_declare_without_an_instrument(client, practice, editor):
    assert declare(client, editor, note="", policy_instrument="").status_code == 302
    interest = TransferInterest.objects.get()
    assert (interest.note, interest.policy_instrument) == ("", None)


def test_declaring_again_updates_the_one_interest_and_keeps_its_stage(client, practice, editor, haskovo, instrument):
    TransferInterestFactory(practice=practice, partner=haskovo, stage="adapting", note="Old note")
    response = declare(client, editor, note="New note", policy_instrument=instrument.pk, stage="interested")
    assert response.status_code == 302
    interest = TransferInterest.objects.get()
    assert (interest.stage, interest.note, interest.policy_instrument) == ("adapting", "New note", instrument)


def test_update_the_stage_and_the_note(client, practice, editor, haskovo):
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    client.force_login(editor)
    response = client.post(
        reverse("practices:transfer-update", args=[interest.pk]),
        {"stage": "adopted", "note": "Adopted by the council in May.", "policy_instrument": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/#transfer-interest"
    interest.refresh_from_db()
    assert (interest.stage, interest.note) == ("adopted", "Adopted by the council in May.")
    html = client.get(response["Location"]).content.decode()
    assert texts(html, "div", "alert-success") == ["Your region's transfer interest is updated."]


def test_an_unknown_stage_is_refused(client, practice, editor, haskovo):
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    client.force_login(editor)
    response = client.post(reverse("practices:transfer-update", args=[interest.pk]), {"stage": "done", "note": "x"})
    assert response.status_code == 400
    assert "Stage: Select a valid choice. done is not one of the available choices." in texts(
        response.content.decode(), "li", within="transfer-declaration"
    )
    interest.refresh_from_db()
    assert interest.stage == "interested"


def test_the_instrument_of_another_partner_is_refused(client, practice, editor):
    someone_elses = PolicyInstrumentFactory(name="Not ours")
    response = declare(client, editor, note="Typed with care.", policy_instrument=someone_elses.pk)
    assert response.status_code == 400
    html = response.content.decode()
    assert texts(html, "li", within="transfer-declaration") == [
        "Policy instrument to improve: Choose one of the interested partner's own policy instruments."
    ]
    assert "Typed with care.</textarea>" in html  # nothing typed is lost
    assert TransferInterest.objects.count() == 0


def test_an_over_long_note_is_refused(client, practice, editor):
    response = declare(client, editor, note="x" * 2001)
    assert response.status_code == 400
    assert texts(response.content.decode(), "li", within="transfer-declaration") == [
        "Note: Ensure this value has at most 2000 characters (it has 2001)."
    ]
    assert TransferInterest.objects.count() == 0


def test_the_owner_partners_editors_cannot_declare(client, practice):
    owner_editor = MembershipFactory(partner=practice.partner).user
    assert declare(client, owner_editor, note="Our own").status_code == 403
    assert TransferInterest.objects.count() == 0


def test_an_editor_of_both_partners_declares_only_for_the_other(client, practice, editor, haskovo):
    MembershipFactory(user=editor, partner=practice.partner)
    assert declare(client, editor, note="x", partner=practice.partner.pk).status_code == 403
    assert declare(client, editor, note="x", partner=haskovo.pk).status_code == 302
    assert TransferInterest.objects.get().partner == haskovo


def test_an_editor_of_several_partners_chooses_for_which(client, practice, editor):
    riga = PartnerFactory(name="Riga Planning Region")
    MembershipFactory(user=editor, partner=riga)
    assert declare(client, editor, note="Riga's interest", partner=riga.pk).status_code == 302
    assert TransferInterest.objects.get().partner == riga


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.ARCHIVED])
def test_unpublished_practices_are_not_found(client, practice, editor, state):
    practice.state = state
    practice.save()
    assert declare(client, editor, note="x").status_code == 404
    assert TransferInterest.objects.count() == 0


def test_an_unknown_practice_is_not_found(client, editor):
    client.force_login(editor)
    assert client.post("/practices/no-such-practice/transfer/", {"note": "x"}).status_code == 404


@pytest.mark.parametrize("kind", ["reviewer", "plain staff", "another partner's contact"])
def test_only_partner_editors_declare(client, practice, kind):
    user = {
        "reviewer": ReviewerFactory,
        "plain staff": StaffFactory,
        "another partner's contact": lambda: MembershipFactory(role="contact").user,
    }[kind]()
    assert declare(client, user, note="x").status_code == 403
    assert TransferInterest.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, practice, haskovo):
    response = client.post(DECLARE, {"note": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    assert (
        client.post(reverse("practices:transfer-update", args=[interest.pk]), {"stage": "adopted"}).status_code == 302
    )
    interest.refresh_from_db()
    assert interest.stage == "interested"


def test_post_only(client, practice, editor, haskovo):
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    client.force_login(editor)
    assert client.get(DECLARE).status_code == 405
    assert client.get(reverse("practices:transfer-update", args=[interest.pk])).status_code == 405


@pytest.mark.parametrize("kind", ["owner's editor", "third partner's editor", "reviewer"])
def test_only_the_interested_partners_editors_update_its_interest(client, practice, haskovo, kind):
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    user = {
        "owner's editor": lambda: MembershipFactory(partner=practice.partner).user,
        "third partner's editor": lambda: MembershipFactory().user,
        "reviewer": ReviewerFactory,
    }[kind]()
    client.force_login(user)
    response = client.post(reverse("practices:transfer-update", args=[interest.pk]), {"stage": "adopted"})
    assert response.status_code == 404
    interest.refresh_from_db()
    assert interest.stage == "interested"


def test_the_interest_in_a_practice_no_longer_published_cannot_be_updated(client, practice, editor, haskovo):
    interest = TransferInterestFactory(practice=practice, partner=haskovo)
    practice.state = State.ARCHIVED
    practice.save()
    client.force_login(editor)
    assert (
        client.post(reverse("practices:transfer-update", args=[interest.pk]), {"stage": "adopted"}).status_code == 404
    )


# -- the forms on the practice page -----------------------------------------------------------------


def test_one_form_for_each_partner_the_user_may_declare_for(practice, editor, haskovo, instrument):
    riga = PartnerFactory(name="Riga Planning Region")
    MembershipFactory(user=editor, partner=riga)
    MembershipFactory(user=editor, partner=practice.partner)  # the practice's own partner: no form
    TransferInterestFactory(practice=practice, partner=riga, stage="studying")
    forms = transfer_forms(editor, practice)
    assert [(form.partner, form.declaring) for form in forms] == [(haskovo, True), (riga, False)]
    assert list(forms[0].fields) == ["note", "policy_instrument"]
    assert list(forms[1].fields) == ["stage", "note", "policy_instrument"]
    assert list(forms[0].fields["policy_instrument"].queryset) == [instrument]


def test_no_forms_for_anyone_else(practice, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert transfer_forms(AnonymousUser(), practice) == []
    assert transfer_forms(MembershipFactory(partner=practice.partner).user, practice) == []
    assert transfer_forms(StaffFactory(), practice) == []
    draft = GoodPracticeFactory()
    assert transfer_forms(MembershipFactory().user, draft) == []


def test_the_form_on_the_practice_page_after_an_error(client, practice, editor, instrument):
    html = declare(client, editor, note="<script>alert(1)</script>", policy_instrument=999999).content.decode()
    section = fragment(html).find(id="transfer-interest")
    assert texts(section, "h2")[0] == "Transfer this practice to your region"
    assert 'action="/practices/village-shop/transfer/#transfer-interest"' in section.markup
    option = r'<option value="\d+">Haskovo social economy plan</option>'
    assert [o for o in section.find_all("option") if re.fullmatch(option, o.markup)]
    # What was typed stays in the form, escaped.
    assert [t for t in section.find_all("textarea") if t.string.endswith("<script>alert(1)</script>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert "<script>alert(1)" not in html
    assert len(fragment(html).find("main").find_all("h1")) == 1


def test_the_form_on_the_practice_page(client, practice, editor, haskovo):
    client.force_login(editor)
    response = client.get(practice.get_absolute_url())
    if "transfer_forms" not in response.context:
        pytest.skip("practices/views/detail.py does not pass transfer_forms to the page yet")
    html = response.content.decode()
    assert texts(html, "h2", within="transfer-interest") == ["Transfer this practice to your region"]
    assert 'action="/practices/village-shop/transfer/#transfer-interest"' in html
    TransferInterestFactory(practice=practice, partner=haskovo, stage="studying")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert texts(html, "h2", within="transfer-interest") == ["Your region's transfer of this practice"]
    interest = TransferInterest.objects.get()
    assert f'action="/practices/transfers/{interest.pk}/#transfer-interest"' in html
    studying = [option.markup for option in fragment(html).find_all("option", value="studying")]
    assert '<option value="studying" selected>Studying</option>' in studying
