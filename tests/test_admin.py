"""Every page of the staff admin, for every registered model: who may see it and what it shows."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from events.models import Event
from practices.models import DeletedPractice, GoodPractice, Review, SearchAlert, Theme
from regions.models import Region
from tests.admin import BUILDERS, REGISTERED, admin_url, build_practice, build_review, grant
from tests.factories import (
    StaffFactory,
    UserFactory,
    theme,
)

# Rows of these come from elsewhere (data migration, workflow): the admin cannot add them.
NOT_ADDABLE = {Theme, Review, DeletedPractice, DBTaskResult, SearchAlert}


ids = [model._meta.label for model in REGISTERED]


def test_every_registered_model_is_tested():
    assert set(BUILDERS) == set(REGISTERED)


def test_every_domain_model_is_in_the_admin():
    registered = {model._meta.label for model in REGISTERED}
    assert registered >= {
        "regions.Region",
        "regions.Partner",
        "regions.PolicyInstrument",
        "practices.Theme",
        "practices.Topic",
        "practices.GoodPractice",
        "practices.Review",
        "practices.TransferInterest",
        "events.EventType",
        "events.Event",
        "auth.User",
    }


# Pages render for a superuser
@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_changelist_lists_the_rows(superuser_client, model):
    obj = BUILDERS[model]()
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == model._default_manager.count()
    assert obj.pk in [row.pk for row in changelist.result_list]


@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_add_page(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    if model in NOT_ADDABLE:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.context["add"] is True


@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_change_page(superuser_client, model):
    obj = BUILDERS[model]()
    response = superuser_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj
    # Reviews are written by the workflow only, deletions by the partners: read-only even for a superuser.
    assert response.context["has_change_permission"] is (model not in (Review, DeletedPractice, DBTaskResult))


@pytest.mark.parametrize("model", [m for m in REGISTERED if hasattr(m, "history")], ids=lambda m: m._meta.label)
def test_revision_history_page(superuser_client, model):
    obj = BUILDERS[model]()
    response = superuser_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    records = [record.history_id for record in response.context["page_obj"]]
    assert records == list(obj.history.values_list("history_id", flat=True))
    assert obj.history.earliest().history_type == "+"


def test_admin_index_lists_every_app(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    assert response.status_code == 200
    apps = {app["app_label"]: {m["object_name"] for m in app["models"]} for app in response.context["app_list"]}
    assert apps["regions"] == {"Region", "Partner", "PolicyInstrument"}
    assert apps["practices"] == {
        "Theme",
        "Topic",
        "GoodPractice",
        "DeletedPractice",
        "Review",
        "TransferInterest",
        "SearchAlert",
    }
    assert apps["events"] == {"EventType", "Event"}


# Anonymous visitors are sent to the login page
@pytest.mark.parametrize("view", ["changelist", "add", "change"])
@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_anonymous_visitors_are_sent_to_log_in(client, db, model, view):
    url = admin_url(model, view, 1) if view == "change" else admin_url(model, view)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_a_user_who_is_not_staff_is_sent_to_log_in(client, db):
    client.force_login(UserFactory())
    url = admin_url(GoodPractice, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


# Staff see what their permissions allow
def test_staff_without_permissions_sees_no_app(client, db):
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []
    assert client.get(admin_url(GoodPractice, "changelist")).status_code == 403
    assert client.get(admin_url(Event, "changelist")).status_code == 403


def test_staff_sees_only_the_models_they_have_permissions_for(client, db):
    staff = grant(StaffFactory(), "events.view_event", "regions.view_partner")
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert models == {"Event", "Partner"}
    assert client.get(admin_url(Event, "add")).status_code == 403
    assert client.get(admin_url(Region, "changelist")).status_code == 403


def test_practice_editor_with_change_permission_edits_results_inline(client, db):
    """Images, attachments and results are parts of the practice: its permissions govern them."""
    practice = build_practice()
    staff = grant(StaffFactory(), "practices.view_goodpractice", "practices.change_goodpractice")
    client.force_login(staff)
    response = client.get(admin_url(GoodPractice, "change", practice.pk))
    inlines = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert set(inlines) == {"results", "images", "attachments", "reviews"}
    assert inlines["results"].has_change_permission is True
    assert inlines["reviews"].has_change_permission is False
    assert inlines["reviews"].has_add_permission is False


def test_review_rows_cannot_be_added_changed_or_deleted(superuser_client):
    review = build_review()
    assert superuser_client.get(admin_url(Review, "add")).status_code == 403
    assert superuser_client.get(admin_url(Review, "delete", review.pk)).status_code == 403
    response = superuser_client.post(admin_url(Review, "change", review.pk), {"comment": "Rewritten"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.comment == "Ready for review."


def test_themes_are_fixed(superuser_client):
    response = superuser_client.get(admin_url(Theme, "changelist"))
    assert [row.slug for row in response.context["cl"].result_list] == [
        "awareness",
        "access",
        "strengthening",
        "social-innovation",
    ]
    assert superuser_client.get(admin_url(Theme, "delete", theme().pk)).status_code == 403
