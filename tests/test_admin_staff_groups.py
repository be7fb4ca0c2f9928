"""The admin as the two staff groups of the reference data see it (load_reference_data)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Event
from practices.models import Criterion, GoodPractice, State
from secon_portal.management.commands.load_reference_data import PROJECT_STAFF, REVIEWERS, Command
from tests.admin import admin_url
from tests.factories import EventFactory, GoodPracticeFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_of(db):
    Command().load_groups()

    def member_of(group_name):
        user = StaffFactory()
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return member_of


def models_in_index(client):
    response = client.get(reverse("admin:index"))
    return {f"{app['app_label']}.{m['object_name']}" for app in response.context["app_list"] for m in app["models"]}


def action_names(response):
    form = response.context["action_form"]
    return [] if form is None else [name for name, _label in form.fields["action"].choices if name]


def test_a_reviewer_reviews_practices(client, member_of):
    client.force_login(member_of(REVIEWERS))
    assert models_in_index(client) >= {"practices.GoodPractice", "practices.Review", "regions.Region"}
    assert "events.Event" not in models_in_index(client)
    practice = GoodPracticeFactory(state=State.SUBMITTED)

    changelist = client.get(admin_url(GoodPractice, "changelist"))
    assert action_names(changelist) == ["publish_selected", "request_changes_selected", "archive_selected"]
    scores = {f"score_{criterion}": "4" for criterion in Criterion}
    response = client.post(admin_url(GoodPractice, "workflow", practice.pk, "publish"), {"comment": "", **scores})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == State.PUBLISHED

    # The practice form looks regions up by autocomplete.
    region = RegionFactory(code="EL653", name="Korinthia")
    lookup = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "practices", "model_name": "goodpractice", "field_name": "region", "term": "korinth"},
    )
    assert lookup.json()["results"] == [{"id": str(region.pk), "text": "Korinthia (EL653)"}]
    assert client.get(admin_url(Event, "add")).status_code == 403


def test_project_staff_manage_events_but_do_not_review(client, member_of):
    client.force_login(member_of(PROJECT_STAFF))
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    changelist = client.get(admin_url(GoodPractice, "changelist"))
    assert changelist.status_code == 200
    assert action_names(changelist) == []
    assert client.get(admin_url(GoodPractice, "workflow", practice.pk, "publish")).status_code == 403
    practice.refresh_from_db()
    assert practice.state == State.SUBMITTED

    event = EventFactory(start="2025-03-04T08:00:00Z", end=None)
    events = client.get(admin_url(Event, "changelist"))
    assert action_names(events) == ["delete_selected", "mark_as_held", "duplicate"]
    assert client.get(admin_url(Event, "add")).status_code == 200
    client.post(
        admin_url(Event, "changelist"), {"action": "mark_as_held", "_selected_action": [event.pk], "index": "0"}
    )
    event.refresh_from_db()
    assert event.status == Event.Status.HELD
