"""Reference data: NUTS regions, topics, partners, event types, planned events and staff groups."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from events.models import Event, EventType
from practices.models import Topic
from practices.reference_data import TOPICS
from regions.management.commands.load_regions import nuts_regions
from regions.models import Partner, Region
from secon_portal.management.commands.load_reference_data import PROJECT_STAFF, REVIEWERS

pytestmark = pytest.mark.django_db

PARTNER_REGIONS = {
    "Region of Peloponnese": "EL65",
    "KMOP - Social Action and Innovation Centre": "EL30",
    "Rhine-Neckar Regional Association": "DE128",
    "Province of Flemish Brabant": "BE24",
    "Harghita County Council": "RO124",
    "Mazowieckie Region": "PL9",
    "Oliveira de Azeméis Municipality": "PT11A",
    "Riga Planning Region": "LV00A",
    "Junta de Extremadura, Regional Ministry of Agriculture, Livestock and Sustainable Development": "ES43",
    "Haskovo Municipality": "BG422",
}
PARTNER_COUNTRIES = ["EL", "DE", "BE", "RO", "PL", "PT", "LV", "ES", "BG"]


def run(command):
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def region_rows():
    return sorted(Region.objects.values_list("code", "name", "name_en", "level", "country", "parent__code"))


@pytest.fixture
def reference_data():
    return run("load_reference_data")


def snapshot():
    return {
        "regions": region_rows(),
        "topics": sorted(Topic.objects.values_list("pk", "slug", "name")),
        "partners": sorted(Partner.objects.values_list("pk", "slug", "name", "short_name", "type", "region__code")),
        "event types": sorted(EventType.objects.values_list("pk", "slug", "name", "target", "target_per_country")),
        "events": sorted(Event.objects.values_list("pk", "slug", "title", "status", "country", "host__slug")),
        "groups": sorted(Group.objects.values_list("name", "permissions__codename")),
    }


# -- NUTS regions ------------------------------------------------------------------------------


def test_loading_regions_twice_gives_the_same_rows():
    first = run("load_regions")
    rows = region_rows()
    second = run("load_regions")

    assert region_rows() == rows
    assert len(rows) == len(nuts_regions()) == Region.objects.count()
    assert 1700 < len(rows) < 1800
    assert first.startswith(f"NUTS regions: {len(rows)} created, 0 updated, 0 unchanged")
    assert second.startswith(f"NUTS regions: 0 created, 0 updated, {len(rows)} unchanged")


def test_regions_have_their_parents_levels_and_countries():
    run("load_regions")
    peloponnese = Region.objects.get(code="EL65")
    assert (peloponnese.name, peloponnese.level, peloponnese.country) == ("Πελοπόννησος", 2, "EL")
    assert peloponnese.parent.code == "EL6"
    assert peloponnese.parent.parent is None
    assert Region.objects.get(code="DE128").parent.code == "DE12"
    assert Region.objects.get(code="UKN10").parent.code == "UKN0"  # Northern Ireland, NUTS 2018
    assert not Region.objects.filter(level=1, parent__isnull=False).exists()
    assert not Region.objects.filter(level__gt=1, parent__isnull=True).exists()
    # Neither extra-regio codes nor the statistical regions of non-EU countries.
    assert not Region.objects.filter(code__endswith="Z").exists()
    assert not Region.objects.filter(country__in=["CH", "NO", "TR"]).exists()


def test_a_changed_label_is_updated_and_the_english_name_kept():
    run("load_regions")
    Region.objects.filter(code="BE24").update(name="Old label", name_en="Flemish Brabant")

    output = run("load_regions")

    region = Region.objects.get(code="BE24")
    assert (region.name, region.name_en) == ("Prov. Vlaams-Brabant", "Flemish Brabant")
    assert ", 1 updated, " in output


# -- the whole reference data ------------------------------------------------------------------


def test_loading_reference_data_twice_gives_the_same_rows(reference_data):
    rows = snapshot()

    second = run("load_reference_data")

    assert snapshot() == rows
    assert second.splitlines()[1:] == [
        f"Topics: 0 created, 0 updated, {len(TOPICS)} unchanged",
        "Partners: 0 created, 0 updated, 10 unchanged",
        "Partner region English names: 0 created, 0 updated, 10 unchanged",
        "Event types: 0 created, 0 updated, 6 unchanged",
        "Planned events: 0 created, 0 updated, 69 unchanged",
        "Staff groups: 0 created, 0 updated, 2 unchanged",
    ]


def test_first_load_says_what_it_created(reference_data):
    assert reference_data.splitlines()[1:] == [
        f"Topics: {len(TOPICS)} created, 0 updated, 0 unchanged",
        "Partners: 10 created, 0 updated, 0 unchanged",
        "Partner region English names: 0 created, 10 updated, 0 unchanged",
        "Event types: 6 created, 0 updated, 0 unchanged",
        "Planned events: 69 created, 0 updated, 0 unchanged",
        "Staff groups: 2 created, 0 updated, 0 unchanged",
    ]


def test_topics(reference_data):
    assert Topic.objects.count() == len(TOPICS) >= 16
    for slug in ("procurement", "finance", "fiscal-framework", "consumer-awareness", "work-integration", "care"):
        assert Topic.objects.filter(slug=slug).exists()
    assert Topic.objects.get(slug="procurement").label == "Socially responsible public procurement"


def test_a_renamed_topic_is_renamed_back(reference_data):
    Topic.objects.filter(slug="care").update(name="Care (edited)")
    output = run("load_reference_data")
    assert Topic.objects.get(slug="care").name == "Care and social services"
    assert f"Topics: 0 created, 1 updated, {len(TOPICS) - 1} unchanged" in output


# -- partners ----------------------------------------------------------------------------------


def test_the_ten_partners_and_their_regions(reference_data):
    assert dict(Partner.objects.values_list("name", "region__code")) == PARTNER_REGIONS
    assert not Partner.objects.filter(is_lead=True).exists()
    assert Partner.objects.get(slug="peloponnese").type == Partner.Type.REGIONAL_AUTHORITY
    assert Partner.objects.get(slug="kmop").type == Partner.Type.NGO
    assert Partner.objects.get(slug="haskovo").type == Partner.Type.LOCAL_AUTHORITY
    assert Partner.objects.get(slug="oliveira-de-azemeis").short_name == "Oliveira de Azeméis"
    assert sorted(Region.objects.partner_regions().values_list("code", "name_en")) == [
        ("BE24", "Flemish Brabant"),
        ("BG422", "Haskovo"),
        ("DE128", "Rhine-Neckar"),
        ("EL30", "Attica"),
        ("EL65", "Peloponnese"),
        ("ES43", "Extremadura"),
        ("LV00A", "Riga"),
        ("PL9", "Mazowieckie"),
        ("PT11A", "Porto Metropolitan Area"),
        ("RO124", "Harghita"),
    ]


def test_staff_edits_of_partners_are_kept_where_the_staff_own_them(reference_data):
    Partner.objects.filter(slug="harghita").update(website="https://harghita.example.org/", is_lead=True)
    Partner.objects.filter(slug="kmop").update(short_name="Changed")
    Region.objects.filter(code="EL30").update(name_en="Attiki")

    run("load_reference_data")

    harghita = Partner.objects.get(slug="harghita")
    assert (harghita.website, harghita.is_lead) == ("https://harghita.example.org/", True)
    assert Partner.objects.get(slug="kmop").short_name == "KMOP"  # the reference data owns the names
    assert Region.objects.get(code="EL30").name_en == "Attiki"


# -- event types and planned events ------------------------------------------------------------


def test_event_types_carry_the_brochure_targets(reference_data):
    targets = {
        slug: (target, per_country)
        for slug, target, per_country in EventType.objects.values_list("slug", "target", "target_per_country")
    }
    assert targets == {
        "regional-stakeholder-meeting": (7, True),
        "interregional-workshop": (1, False),
        "thematic-seminar": (2, False),
        "study-visit": (2, False),
        "policy-round-table": (1, False),
        "other": (None, False),
    }


def test_the_69_planned_events(reference_data):
    events = Event.objects.all()
    assert events.count() == 69 == 7 * 9 + 1 + 2 + 2 + 1
    assert set(events.values_list("status", flat=True)) == {Event.Status.PLANNED}
    assert not events.filter(start__isnull=False).exists()
    assert not events.filter(is_sample=True).exists()

    by_type = Counter(events.values_list("event_type__slug", "country"))
    assert by_type == {
        **{("regional-stakeholder-meeting", country): 7 for country in PARTNER_COUNTRIES},
        ("interregional-workshop", "BG"): 1,
        ("thematic-seminar", "RO"): 1,
        ("thematic-seminar", "BE"): 1,
        ("study-visit", "ES"): 1,
        ("study-visit", "PL"): 1,
        ("policy-round-table", "DE"): 1,
    }
    assert {f"stakeholder-meeting-el-{n}" for n in range(1, 8)} <= set(events.values_list("slug", flat=True))


def test_planned_events_have_a_host_where_the_country_has_one_partner(reference_data):
    assert not Event.objects.filter(country="EL", host__isnull=False).exists()  # two Greek partners
    assert Event.objects.get(slug="stakeholder-meeting-bg-3").host.slug == "haskovo"
    assert Event.objects.get(slug="policy-round-table-de").host.slug == "rhine-neckar"
    assert Event.objects.get(slug="study-visit-pl").time_zone == "Europe/Warsaw"
    assert list(Event.objects.get(slug="interregional-workshop-bg").themes.values_list("slug", flat=True)) == [
        "awareness"
    ]
    assert Event.objects.filter(host__isnull=True).count() == 7


def test_staff_edits_of_planned_events_are_not_overwritten(reference_data):
    edited = {
        "title": "First stakeholder meeting in Tripoli",
        "city": "Tripoli",
        "status": Event.Status.CONFIRMED,
        "start": datetime.datetime(2026, 5, 12, 7, tzinfo=datetime.UTC),
        "host": Partner.objects.get(slug="peloponnese"),
    }
    Event.objects.filter(slug="stakeholder-meeting-el-1").update(**edited)
    Event.objects.get(slug="thematic-seminar-be").themes.clear()
    Event.objects.filter(slug="study-visit-es").delete()

    output = run("load_reference_data")

    event = Event.objects.get(slug="stakeholder-meeting-el-1")
    assert {name: getattr(event, name) for name in edited} == edited
    assert not Event.objects.get(slug="thematic-seminar-be").themes.exists()
    assert Event.objects.get(slug="study-visit-es").status == Event.Status.PLANNED  # a missing one comes back
    assert "Planned events: 1 created, 0 updated, 68 unchanged" in output


# -- staff groups ------------------------------------------------------------------------------


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("content_type__app_label", "codename"))


def test_reviewers_review_practices(reference_data):
    permissions = codenames(REVIEWERS)
    assert {
        ("practices", "review_goodpractice"),
        ("practices", "view_goodpractice"),
        ("practices", "change_goodpractice"),
        ("practices", "view_review"),
        ("practices", "view_criterionassessment"),
        ("practices", "view_transferinterest"),
        ("practices", "view_topic"),
        ("regions", "view_region"),
    } <= permissions
    assert not {codename for app, codename in permissions if app == "events"}
    assert ("practices", "add_goodpractice") not in permissions
    assert ("practices", "delete_goodpractice") not in permissions


def test_project_staff_manage_events_and_partners(reference_data):
    permissions = codenames(PROJECT_STAFF)
    for model in ("event", "eventtype", "agendaitem", "eventdocument", "participation", "eventpractice"):
        assert {("events", f"{action}_{model}") for action in ("add", "change", "delete", "view")} <= permissions
    for model in ("partner", "policyinstrument", "jointassessment", "membership"):
        assert {("regions", f"{action}_{model}") for action in ("add", "change", "delete", "view")} <= permissions
    assert ("practices", "view_goodpractice") in permissions
    assert ("practices", "change_goodpractice") not in permissions
    assert ("practices", "review_goodpractice") not in permissions
    assert ("regions", "delete_region") not in permissions


def test_permissions_staff_added_to_a_group_are_kept(reference_data):
    extra = Permission.objects.get(codename="add_topic")
    Group.objects.get(name=REVIEWERS).permissions.add(extra)
    Group.objects.get(name=PROJECT_STAFF).permissions.remove(Permission.objects.get(codename="add_event"))

    output = run("load_reference_data")

    assert ("practices", "add_topic") in codenames(REVIEWERS)
    assert ("events", "add_event") in codenames(PROJECT_STAFF)
    assert "Staff groups: 0 created, 1 updated, 1 unchanged" in output
