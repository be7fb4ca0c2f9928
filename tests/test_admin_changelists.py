"""Changelists of the staff admin: autocomplete for regions, search, filters, computed columns, query counts."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, EventType
from practices.models import GoodPractice, Review, State, Theme, Topic, TransferInterest
from regions.models import Partner, PolicyInstrument, Region
from tests.admin import (
    BUILDERS,
    REGISTERED,
    User,
    admin_url,
    build_event_type,
    build_review,
    build_transfer_interest,
)
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    TopicFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db


# Regions (about 1,800 rows) are always chosen by autocomplete


def test_every_region_field_uses_autocomplete():
    admins = list(admin.site._registry.values())
    admins += [inline(model_admin.model, admin.site) for model_admin in admins for inline in model_admin.inlines]
    checked = []
    for model_admin in admins:
        for field in model_admin.model._meta.get_fields():
            shown = model_admin.fields is None or field.name in model_admin.fields
            if field.is_relation and field.concrete and field.related_model is Region and shown:
                checked.append(f"{model_admin.model._meta.label}.{field.name}")
                assert field.name in model_admin.autocomplete_fields, checked[-1]
    assert sorted(checked) == [
        "practices.GoodPractice.region",
        "regions.Partner.region",
        "regions.PolicyInstrument.region",
        "regions.Region.parent",
    ]


def test_region_autocomplete_finds_regions_by_code_and_name(superuser_client):
    argolida = RegionFactory(code="EL651", name="Argolida")
    RegionFactory(code="EL652", name="Arkadia")
    params = {"app_label": "practices", "model_name": "goodpractice", "field_name": "region"}
    for term in ("EL651", "argol"):
        response = superuser_client.get(reverse("admin:autocomplete"), {**params, "term": term})
        assert response.status_code == 200
        assert response.json()["results"] == [{"id": str(argolida.pk), "text": "Argolida (EL651)"}]


# Search


SEARCHES = [
    (Region, lambda: RegionFactory(code="EL651", name="Argolida"), lambda: RegionFactory(name="Arkadia"), "argol"),
    (Region, lambda: RegionFactory(code="EL652", name="Argolida"), lambda: RegionFactory(name="Arkadia"), "EL652"),
    (
        Partner,
        lambda: PartnerFactory(name="Haskovo Municipality", short_name="Haskovo"),
        PartnerFactory,
        "haskovo",
    ),
    (
        PolicyInstrument,
        lambda: PolicyInstrumentFactory(managing_authority="Ministry of Labour"),
        PolicyInstrumentFactory,
        "labour",
    ),
    (Topic, lambda: TopicFactory(name="Circular economy", slug="circular-economy"), TopicFactory, "circular"),
    (GoodPractice, lambda: GoodPracticeFactory(title="Beekeepers of Arcadia"), GoodPracticeFactory, "beekeepers"),
    (
        GoodPractice,
        lambda: GoodPracticeFactory(partner=PartnerFactory(short_name="Riga PR")),
        GoodPracticeFactory,
        "riga pr",
    ),
    (
        Review,
        lambda: Review.objects.create(
            practice=GoodPracticeFactory(), from_state="draft", to_state="submitted", comment="Add the budget"
        ),
        build_review,
        "budget",
    ),
    (
        TransferInterest,
        lambda: TransferInterest.objects.create(
            practice=GoodPracticeFactory(title="Food hub"), partner=PartnerFactory()
        ),
        build_transfer_interest,
        "food hub",
    ),
    (EventType, lambda: EventTypeFactory(slug="study-visit", name="Study visit"), build_event_type, "study"),
    (Event, lambda: EventFactory(city="Haskovo"), EventFactory, "haskovo"),
    (User, lambda: UserFactory(username="reviewer.anna"), UserFactory, "anna"),
]


@pytest.mark.parametrize(
    ("model", "build_match", "build_other", "query"),
    SEARCHES,
    ids=[f"{model._meta.label}-{query}" for model, *_, query in SEARCHES],
)
def test_search(superuser_client, model, build_match, build_other, query):
    match = build_match()
    build_other()
    response = superuser_client.get(admin_url(model, "changelist"), {"q": query})
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [match.pk]


def test_region_filters(superuser_client):
    partner_region = PartnerFactory().region
    other = RegionFactory(country="BG")
    url = admin_url(Region, "changelist")
    response = superuser_client.get(url, {"partner_region": "yes"})
    assert [row.pk for row in response.context["cl"].result_list] == [partner_region.pk]
    response = superuser_client.get(url, {"country": "BG"})
    assert [row.pk for row in response.context["cl"].result_list] == [other.pk]


def test_practice_filters(superuser_client):
    sample = GoodPracticeFactory(is_sample=True, state=State.SUBMITTED)
    GoodPracticeFactory()
    url = admin_url(GoodPractice, "changelist")
    response = superuser_client.get(url, {"is_sample__exact": "1"})
    assert [row.pk for row in response.context["cl"].result_list] == [sample.pk]
    response = superuser_client.get(url, {"state__exact": "submitted"})
    assert [row.pk for row in response.context["cl"].result_list] == [sample.pk]


# Changelists run a fixed number of queries, however many rows they show


@pytest.mark.parametrize("model", [m for m in REGISTERED if m is not Theme], ids=lambda m: m._meta.label)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, django_assert_max_num_queries, model):
    url = admin_url(model, "changelist")
    BUILDERS[model]()
    superuser_client.get(url)  # warm up caches (content types, session)
    with CaptureQueriesContext(connection) as one_row:
        assert superuser_client.get(url).status_code == 200
    for _ in range(9):
        BUILDERS[model]()
    with django_assert_max_num_queries(len(one_row)):
        response = superuser_client.get(url)
    assert len(response.context["cl"].result_list) == model._default_manager.count() >= 10


def test_themes_changelist_counts_practices_in_one_query(superuser_client, django_assert_max_num_queries):
    GoodPracticeFactory.create_batch(3, themes=[theme("access")])
    with django_assert_max_num_queries(8):
        response = superuser_client.get(admin_url(Theme, "changelist"))
    counts = {row.slug: row.practice_count for row in response.context["cl"].result_list}
    assert counts == {"awareness": 0, "access": 3, "strengthening": 0, "social-innovation": 0}


# Sample content is visible


@pytest.mark.parametrize("model", [GoodPractice, Event, PolicyInstrument], ids=lambda m: m._meta.label)
def test_sample_content_is_a_column_and_a_filter(superuser_client, model):
    model_admin = admin.site._registry[model]
    assert "is_sample" in model_admin.list_display
    assert "is_sample" in model_admin.list_filter


def test_partner_changelist_counts_members(superuser_client):
    partner = PartnerFactory(short_name="KMOP", region=RegionFactory(code="EL30", name="Attiki"))
    MembershipFactory.create_batch(2, partner=partner)
    response = superuser_client.get(admin_url(Partner, "changelist"))
    (row,) = response.context["cl"].result_list
    assert row.member_count == 2
    assert response.context["cl"].model_admin.country(row) == "Greece"


def test_event_type_changelist_counts_held_events(superuser_client):
    event_type = EventTypeFactory()
    EventFactory(event_type=event_type, status=Event.Status.HELD)
    EventFactory(event_type=event_type, status=Event.Status.PLANNED)
    response = superuser_client.get(admin_url(EventType, "changelist"))
    (row,) = response.context["cl"].result_list
    assert (row.event_count, row.held_count, row.target) == (2, 1, 7)
