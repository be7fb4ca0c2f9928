"""Changing a published practice: its edit address proposes a revision, edited as a copy while it stays online."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from practices.models import GoodPractice
from tests.factories import GoodPracticeFactory, MembershipFactory, ReviewerFactory, seven_scores
from tests.forms import edit_url, page_form
from tests.html import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner, editor):
    return GoodPracticeFactory(partner=partner, title="Village shop", created_by=editor)


# -- changing a published practice -------------------------------------------------------------------


@pytest.fixture
def published(editor, draft):
    draft.submit(editor)
    draft.publish(ReviewerFactory(), assessments=seven_scores())
    return GoodPractice.objects.get(pk=draft.pk)


def test_the_edit_address_of_a_published_practice_offers_to_propose_changes(editor_client, published):
    response = editor_client.get(edit_url(published))
    page = response.content.decode()
    assert texts(page, "h1") == ["Change “Village shop”"]
    assert f'<form method="post" action="{reverse("practices:practice-revise", args=[published.slug])}">' in page
    assert "form" not in response.context


def test_proposing_changes_edits_a_copy_and_the_published_practice_stays_as_it_is(editor_client, published):
    revise = reverse("practices:practice-revise", args=[published.slug])
    assert editor_client.get(revise).status_code == 405
    assert not GoodPractice.objects.filter(revision_of=published).exists()

    response = editor_client.post(revise)
    copy = GoodPractice.objects.get(revision_of=published)
    assert response["Location"] == edit_url(copy)
    page = editor_client.get(edit_url(copy)).content.decode()
    assert "You are proposing changes to a published practice." in page
    assert "“Village shop” stays online exactly as it is until a reviewer approves these changes." in page
    assert texts(page, "h1") == ["Propose changes to “Village shop”"]

    editor_client.post(edit_url(copy), page_form(editor_client, edit_url(copy), title="Village shop and café"))
    assert GoodPractice.objects.get(pk=copy.pk).title == "Village shop and café"
    assert GoodPractice.objects.get(pk=published.pk).title == "Village shop"
    public = editor_client.get(published.get_absolute_url()).content.decode()
    assert texts(public, "h1", **{"class": "practice-title"}) == ["Village shop"]
    # The edit address of the published practice leads to the same copy.
    assert editor_client.post(revise)["Location"] == edit_url(copy)


def test_only_the_partners_editors_propose_changes(client, published):
    revise = reverse("practices:practice-revise", args=[published.slug])
    client.force_login(MembershipFactory().user)
    assert client.post(revise).status_code == 403
    client.force_login(ReviewerFactory())
    assert client.post(revise).status_code == 403
    client.logout()
    assert client.post(revise)["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={revise}"
    assert not GoodPractice.objects.filter(revision_of=published).exists()


def test_proposing_changes_to_a_draft_leads_to_its_form(editor_client, draft):
    response = editor_client.post(reverse("practices:practice-revise", args=[draft.slug]))
    assert response["Location"] == edit_url(draft)
    assert not GoodPractice.objects.filter(revision_of=draft).exists()


def test_a_submitted_revision_cannot_be_edited_and_the_published_page_says_so(editor_client, editor, published):
    copy = published.start_revision(editor)
    copy.submit(editor)
    response = editor_client.get(edit_url(published))
    assert response.context["revision"] == copy
    assert "Changes to this practice have already been proposed (Submitted for review)" in response.content.decode()
    assert editor_client.get(edit_url(copy))["Location"] == copy.get_absolute_url()
