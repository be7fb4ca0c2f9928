"""Revision history for staff: every version with who, when and why; comparing two; restoring one."""

import itertools

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import formats, timezone

from practices.models import GoodPractice, State
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    ReviewerFactory,
    StaffFactory,
    SuperuserFactory,
    TopicFactory,
    seven_scores,
    theme,
)
from tests.html import fragment, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def partner():
    return PartnerFactory(name="Region of Peloponnese")


@pytest.fixture
def editor(partner):
    return MembershipFactory(partner=partner, user__username="anna", user__first_name="Anna").user


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="rita", first_name="Rita", last_name="Reviewer")


@pytest.fixture
def practice(partner, editor, reviewer):
    """Created (version 1), submitted and published by the workflow, then changed twice by staff (versions 2, 3)."""
    practice = GoodPracticeFactory(
        partner=partner, title="Village shop", slug="village-shop", summary="A shop run by the village."
    )
    practice.submit(editor)
    practice.publish(reviewer, assessments=seven_scores())
    practice = GoodPractice.objects.get(pk=practice.pk)
    practice.title = "Village shop and café"
    practice.summary = "A shop and café run by the village."
    practice._history_user = reviewer
    practice.save()
    practice.themes.set([theme("access")])
    practice.topics.set([TopicFactory(name="Rural services", slug="rural-services")])
    practice = GoodPractice.objects.get(pk=practice.pk)
    practice.summary = "A café run by the village."
    practice._history_user = reviewer
    practice._change_reason = "shorter summary"
    practice.save()
    return GoodPractice.objects.get(pk=practice.pk)


def history_url(practice, **query):
    url = reverse("practices:practice-history", args=[practice.slug])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def restore_url(practice, record):
    return reverse("practices:practice-restore", args=[practice.slug, record.history_id])


def viewer():
    user = StaffFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_goodpractice"))
    return user


def test_the_urls():
    assert reverse("practices:practice-history", args=["x"]) == "/practices/x/history/"
    assert reverse("practices:practice-restore", args=["x", 5]) == "/practices/x/history/5/restore/"


def test_every_version_newest_first_with_who_when_and_why(client, practice, reviewer):
    client.force_login(reviewer)
    html = client.get(history_url(practice)).content.decode()
    assert texts(html, "h1") == ["Revision history: Village shop and café"]
    assert [(version, who, what) for version, _when, who, what, _restore in version_rows(html)] == [
        ("3", "Rita Reviewer", "shorter summary"),
        ("2", "Rita Reviewer", "Changed"),  # topics set
        ("2", "Rita Reviewer", "Changed"),  # themes set: one removed...
        ("2", "Rita Reviewer", "Changed"),  # ... one added
        ("2", "Rita Reviewer", "Changed"),
        ("1", "Rita Reviewer", "Submitted for review → Published"),  # the workflow records who took each step
        ("1", "Anna", "Draft → Submitted for review"),
        ("1", "–", "Changed"),  # the factory's themes
        ("1", "–", "Created"),
    ]
    record = practice.history.first()
    assert version_rows(html)[0][1] == formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    # Every version but the newest (the practice as it is) can be restored.
    assert [row[4] for row in version_rows(html)][:2] == [
        "",
        f"Restore version 2 ({version_rows(html)[1][1]})",
    ]
    # The two newest are chosen for comparison.
    records = list(practice.history.order_by("-history_date", "-history_id"))
    assert "checked" in fragment(html).find("input", name="a", value=str(records[1].history_id)).attrs
    assert "checked" in fragment(html).find("input", name="b", value=str(records[0].history_id)).attrs


def body_rows(html):
    return fragment(html).find("table", **{"class": "table history-table"}).find("tbody").find_all("tr")


def version_rows(html):
    """Version, when, who, what and the restore button's text of each row."""
    rows = []
    for row in body_rows(html):
        cells = row.texts("td")
        rows.append([row.texts("th")[0], *cells[2:]])
    return rows


def records_of(practice):
    return list(practice.history.order_by("history_date", "history_id"))


def test_compare_two_versions_field_by_field(client, practice, reviewer):
    first = practice.history.get(change="step", to_state="published")
    newest = records_of(practice)[-1]
    client.force_login(reviewer)
    # The order of a and b does not matter: the older one is "before".
    html = client.get(history_url(practice, a=newest.history_id, b=first.history_id)).content.decode()
    assert texts(html, "h2", within="history-comparison") == ["Version 1 compared with version 3"]
    rows = diff_rows(html)
    assert rows == [
        ["Title", "Village shop", "Village shop and café"],
        ["Summary", "A [removed:] shop[added:] café run by the village."],
        ["Themes", "[removed:] Awareness of the social economy [added:] Access to procurement and finance"],
        ["Topics", "[added:] Rural services"],
    ]
    assert "checked" in fragment(html).find("input", name="a", value=str(newest.history_id)).attrs
    assert "checked" in fragment(html).find("input", name="b", value=str(first.history_id)).attrs


def test_compare_two_versions_without_differences(client, practice, reviewer):
    records = records_of(practice)
    client.force_login(reviewer)
    html = client.get(history_url(practice, a=records[2].history_id, b=records[3].history_id)).content.decode()
    assert "No differences in the fields compared." in texts(html, "p")


def test_comparing_versions_of_another_practice_is_not_found(client, practice, reviewer):
    other = GoodPracticeFactory()
    client.force_login(reviewer)
    response = client.get(
        history_url(practice, a=other.history.first().history_id, b=records_of(practice)[0].history_id)
    )
    assert response.status_code == 404


def test_the_same_version_twice_or_nonsense_compares_nothing(client, practice, reviewer):
    record = records_of(practice)[0]
    client.force_login(reviewer)
    html = client.get(history_url(practice, a=record.history_id, b=record.history_id)).content.decode()
    assert "Choose two different versions to compare." in texts(html, "div")
    assert "history-comparison" not in html
    assert client.get(history_url(practice, a="x", b="1")).status_code == 200


def diff_rows(html):
    body = fragment(html).find("table", **{"class": "table diff-table"}).find("tbody")
    return [row.texts("th") + row.texts("td") for row in body.find_all("tr")]


# -- restoring -----------------------------------------------------------------------------------


def test_restore_writes_the_old_content_as_a_new_version_and_keeps_the_state(client, practice, reviewer):
    first = practice.history.get(change="step", to_state="published")
    published_at = practice.published_at
    count = practice.history.count()
    client.force_login(reviewer)

    response = client.post(restore_url(practice, first))

    assert response.status_code == 302
    assert response["Location"] == "/practices/village-shop/history/"
    restored = GoodPractice.objects.get(pk=practice.pk)
    assert (restored.title, restored.summary) == ("Village shop", "A shop run by the village.")
    assert list(restored.themes.all()) == [theme("awareness")]
    assert list(restored.topics.all()) == []
    assert (restored.state, restored.published_at, restored.slug) == (State.PUBLISHED, published_at, "village-shop")
    assert restored.version == 4
    # One new version; nothing deleted.
    assert practice.history.count() == count + 1
    newest = practice.history.first()
    assert (newest.version, newest.change, newest.restored_version, newest.history_user) == (4, "restored", 1, reviewer)
    assert newest.change_shown == "Restored version 1"
    assert newest.title == "Village shop"
    assert sorted(row.theme_id for row in newest.themes.all()) == [theme("awareness").pk]
    html = client.get(response["Location"]).content.decode()
    assert "Version 1 was restored; it is now version 4." in html
    assert version_rows(html)[0][3] == "Restored version 1"


def test_a_restore_can_be_undone_by_restoring_again(client, practice, reviewer):
    before = practice.history.first()
    client.force_login(reviewer)
    client.post(restore_url(practice, records_of(practice)[0]))
    client.post(restore_url(practice, before))
    again = GoodPractice.objects.get(pk=practice.pk)
    assert (again.title, again.summary, again.version) == ("Village shop and café", "A café run by the village.", 5)
    assert [t.slug for t in again.themes.all()] == ["access"]
    assert [t.slug for t in again.topics.all()] == ["rural-services"]


def test_restore_is_post_only(client, practice, reviewer):
    client.force_login(reviewer)
    assert client.get(restore_url(practice, records_of(practice)[0])).status_code == 405
    assert GoodPractice.objects.get(pk=practice.pk).version == 3


def test_restoring_a_version_of_another_practice_is_not_found(client, practice, reviewer):
    other = GoodPracticeFactory()
    client.force_login(reviewer)
    url = reverse("practices:practice-restore", args=[practice.slug, other.history.first().history_id])
    assert client.post(url).status_code == 404


# -- who may ---------------------------------------------------------------------------------------


def user_of(kind, practice):
    return {
        "reviewer": lambda: ReviewerFactory(),
        "superuser": lambda: SuperuserFactory(),
        "staff who may view practices": viewer,
        "plain staff": lambda: StaffFactory(),
        "owner's editor": lambda: MembershipFactory(partner=practice.partner).user,
        "other partner's editor": lambda: MembershipFactory().user,
    }[kind]()


@pytest.mark.parametrize(
    ("kind", "history", "restore"),
    [
        ("reviewer", 200, 302),
        ("superuser", 200, 302),
        ("staff who may view practices", 200, 403),
        ("plain staff", 404, 404),
        ("owner's editor", 404, 404),
        ("other partner's editor", 404, 404),
    ],
)
def test_who_may_see_and_restore(client, practice, kind, history, restore):
    client.force_login(user_of(kind, practice))
    response = client.get(history_url(practice))
    assert response.status_code == history
    if history == 200:
        assert ("/restore/" in response.content.decode()) == (restore == 302)  # buttons only for who may
    assert client.post(restore_url(practice, records_of(practice)[0])).status_code == restore
    assert GoodPractice.objects.get(pk=practice.pk).version == (4 if restore == 302 else 3)


def test_anonymous_visitors_are_sent_to_log_in(client, practice):
    response = client.get(history_url(practice))
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/practices/village-shop/history/"
    assert client.post(restore_url(practice, records_of(practice)[0])).status_code == 302
    assert GoodPractice.objects.get(pk=practice.pk).version == 3


def test_an_unknown_practice_is_not_found(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/practices/no-such-practice/history/").status_code == 404


def test_links_from_the_practice_page_for_reviewers_only(client, practice, reviewer):
    client.force_login(reviewer)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert texts(html, "a", within="practice-actions") == ["Review page", "Revision history"]
    client.force_login(MembershipFactory().user)
    assert "/history/" not in client.get(practice.get_absolute_url()).content.decode()


def test_one_h1_headings_in_order_no_inline_style_and_escaped(client, practice, reviewer):
    practice.title = "<script>alert(1)</script>"
    practice.save()
    records = records_of(practice)
    client.force_login(reviewer)
    html = client.get(history_url(practice, a=records[0].history_id, b=records[-1].history_id)).content.decode()
    levels = fragment(html).find("main").headings()
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert " style=" not in html
    assert fragment(html).inline_scripts() == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
