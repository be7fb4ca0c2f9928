"""A partner deletes its own draft after a confirmation; nothing submitted or published is deleted this way."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from practices.models import DeletedPractice, GoodPractice, PracticeImage, State
from tests.factories import GoodPracticeFactory, MembershipFactory, ReviewerFactory, seven_scores
from tests.files import photo
from tests.forms import messages_of
from tests.html import fragment

pytestmark = pytest.mark.django_db


def delete_url(practice):
    return reverse("practices:practice-delete", args=[practice.slug])


@pytest.fixture
def draft(editor):
    return GoodPracticeFactory(partner=editor.memberships.get().partner, title="Half-written shop")


def test_the_editor_confirms_and_the_draft_is_gone(client, editor, draft):
    client.force_login(editor)
    page = client.get(delete_url(draft))
    assert page.status_code == 200
    doc = fragment(page.content.decode())
    assert doc.texts("h1") == ["Delete the draft “Half-written shop”?"]
    assert GoodPractice.objects.filter(pk=draft.pk).exists()  # asking deletes nothing

    response = client.post(delete_url(draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:my-practices")
    assert messages_of(client.get(response["Location"])) == ["The draft “Half-written shop” was deleted."]
    assert not GoodPractice.objects.filter(pk=draft.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_deletion_stays_in_the_history_with_who_made_it(client, editor, draft):
    client.force_login(editor)
    client.post(delete_url(draft))
    record = DeletedPractice.objects.get(id=draft.pk, history_type="-")
    assert (record.title, record.history_user) == ("Half-written shop", editor)

    client.force_login(ReviewerFactory())
    changelist = client.get(reverse("admin:practices_deletedpractice_changelist"))
    assert changelist.status_code == 200
    assert [row.title for row in changelist.context["cl"].result_list] == ["Half-written shop"]


def test_the_dashboard_offers_deletion_for_drafts_only(client, editor, draft):
    partner = editor.memberships.get().partner
    submitted = GoodPracticeFactory(partner=partner, state=State.SUBMITTED, title="Under review")
    client.force_login(editor)
    html = client.get(reverse("practices:my-practices")).content.decode()
    assert f'href="{delete_url(draft)}"' in html
    assert f'href="{delete_url(submitted)}"' not in html


@pytest.mark.parametrize("state", [State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.ARCHIVED])
def test_a_practice_that_was_submitted_is_never_deleted_here(client, editor, state):
    practice = GoodPracticeFactory(
        partner=editor.memberships.get().partner, state=state, published=state in (State.PUBLISHED, State.ARCHIVED)
    )
    client.force_login(editor)
    for method in (client.get, client.post):
        response = method(delete_url(practice))
        assert response.status_code == 302
        assert response["Location"] == practice.get_absolute_url()
    assert GoodPractice.objects.filter(pk=practice.pk).exists()


@pytest.mark.parametrize("who", ["other partner's editor", "reviewer", "anonymous"])
def test_nobody_else_deletes_a_draft(client, draft, who):
    if who == "other partner's editor":
        client.force_login(MembershipFactory().user)
    elif who == "reviewer":
        client.force_login(ReviewerFactory())
    response = client.post(delete_url(draft))
    assert response.status_code in (302, 403, 404)
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    elif who == "reviewer":
        assert response.status_code == 403  # reviewers see drafts, and change none
    else:
        assert response.status_code == 404  # an unpublished practice of another partner does not exist for them
    assert GoodPractice.objects.filter(pk=draft.pk).exists()


def test_deleting_proposed_changes_keeps_the_published_practice_and_its_images(client, editor, reviewer):
    partner = editor.memberships.get().partner
    live = GoodPracticeFactory(partner=partner, title="Village shop")
    image = PracticeImage(practice=live, alt_text="The shop")
    image.image.save("shop.jpg", ContentFile(photo()))
    live.submit(editor)
    live.publish(reviewer, assessments=seven_scores())
    copy = GoodPractice.objects.get(pk=live.pk).start_revision(editor)
    client.force_login(editor)
    response = client.post(delete_url(copy))
    assert messages_of(client.get(response["Location"])) == ["Your proposed changes to “Village shop” were deleted."]
    live.refresh_from_db()
    assert live.state == State.PUBLISHED
    assert live.images.get().image.storage.exists(live.images.get().image.name)
