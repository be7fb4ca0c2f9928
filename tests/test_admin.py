"""Every page of the staff admin, for every registered model: who may see it and what it shows."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from events.models import AgendaItem, Event, EventType, Participation
from practices.models import CriterionAssessment, GoodPractice, Review, State, Theme, Topic, TransferInterest
from regions.models import Partner, PolicyInstrument, Region
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    PracticeResultFactory,
    RegionFactory,
    StaffFactory,
    SuperuserFactory,
    TopicFactory,
    UserFactory,
    theme,
)

User = get_user_model()

# Helpers, also used by the other admin test modules


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def inline_management_data(response):
    """The management forms of every inline on an admin add/change page, with no inline rows posted.

    Posting no forms leaves existing inline rows as they are.
    """
    data = {}
    for inline_admin_formset in response.context.get("inline_admin_formsets", []):
        prefix = inline_admin_formset.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def grant(user, *perms):
    """Give `user` permissions named "app_label.codename"."""
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached on the instance


# One typical row of every registered model, with the related rows its changelist shows.


def build_region():
    parent = RegionFactory(level=Region.Level.NUTS2)
    return RegionFactory(parent=parent)


def build_partner():
    return MembershipFactory().partner


def build_instrument():
    return PolicyInstrumentFactory(is_sample=True)


def build_theme():
    return theme("access")


def build_practice():
    practice = GoodPracticeFactory(topics=[TopicFactory()])
    PracticeResultFactory(practice=practice)
    return practice


def build_review():
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    review = Review.objects.create(
        practice=practice,
        actor=StaffFactory(),
        from_state=State.DRAFT,
        to_state=State.SUBMITTED,
        comment="Ready for review.",
    )
    CriterionAssessment.objects.create(review=review, criterion="relevance", score=4)
    return review


def build_transfer_interest():
    return TransferInterest.objects.create(practice=GoodPracticeFactory(), partner=PartnerFactory())


def build_event_type():
    n = EventType.objects.count()
    return EventTypeFactory(slug=f"event-type-{n}", name=f"Event type {n}")


def build_event():
    event = EventFactory()
    event.themes.set([theme()])
    Participation.objects.create(event=event, group="social_economy", count=12)
    AgendaItem.objects.create(event=event, title="Welcome")
    return event


def build_user():
    return MembershipFactory().user


def build_group():
    return Group.objects.create(name=f"Group {Group.objects.count()}")


BUILDERS = {
    Region: build_region,
    Partner: build_partner,
    PolicyInstrument: build_instrument,
    Theme: build_theme,
    Topic: TopicFactory,
    GoodPractice: build_practice,
    Review: build_review,
    TransferInterest: build_transfer_interest,
    EventType: build_event_type,
    Event: build_event,
    User: build_user,
    Group: build_group,
}
# Rows of these come from elsewhere (data migration, workflow): the admin cannot add them.
NOT_ADDABLE = {Theme, Review}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
ids = [model._meta.label for model in REGISTERED]


@pytest.fixture
def superuser_client(client, db):
    client.force_login(SuperuserFactory())
    return client


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
    # Reviews are written by the workflow only: their page is read-only even for a superuser.
    assert response.context["has_change_permission"] is (model is not Review)


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
    assert apps["practices"] == {"Theme", "Topic", "GoodPractice", "Review", "TransferInterest"}
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
