"""The digests of e-mail alerts (`manage.py send_search_alerts`): what they list and in which language, their links
and headers, the watermark (no practice twice, none skipped), the daily and weekly cadence, the purge of addresses
never confirmed, and the cost per alert."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from practices import alerts
from practices.models import SearchAlert, State
from tests.factories import GoodPracticeFactory, RegionFactory, theme
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
ACCESS = "Theme: Access to procurement and finance"
with translation.override("de"):  # the German labels, as the catalogue has them
    THEME_DE, ACCESS_DE = gettext("Theme"), gettext("Access to procurement and finance")


def hours_ago(hours):
    return NOW - datetime.timedelta(hours=hours)


def alert(query="theme=access", frequency="daily", since=NOW - DAY, email="anna@example.org", **fields):
    """A confirmed alert whose watermark is `since`."""
    return SearchAlert.objects.create(
        email=email, query=query, frequency=frequency, confirmed_at=since, covered_until=since, **fields
    )


def published(title, at, themes=("access",), **fields):
    return GoodPracticeFactory(
        published=True, title=title, published_at=at, themes=[theme(slug) for slug in themes], **fields
    )


def run(now=NOW):
    """One daily run of the digests, and the worker sending what it queued; the messages sent."""
    before = len(mail.outbox)
    alerts.DigestRun(now).send_due()
    run_queued_tasks()
    return mail.outbox[before:]


def listed(message):
    """The practices' titles a digest lists."""
    return re.findall(r"^- (.+)$", message.body, flags=re.MULTILINE)


def test_a_digest_lists_the_new_matching_published_practices_newest_first():
    subscription = alert()
    older = published("Social clauses in public procurement", hours_ago(20), slug="social-clauses")
    newer = published("Guarantee fund for social enterprises", hours_ago(2), slug="guarantee-fund")
    published("Before the watermark", NOW - 2 * DAY)
    published("Another theme", hours_ago(3), themes=("awareness",))
    GoodPracticeFactory(title="A draft", themes=[theme("access")])
    GoodPracticeFactory(title="Under review", state=State.SUBMITTED, themes=[theme("access")])
    archived = published("Archived since", hours_ago(4))
    archived.state = State.ARCHIVED
    archived.save(update_fields=["state"])

    (message,) = run()

    assert message.to == ["anna@example.org"]
    assert message.subject == f"2 new good practices: {ACCESS}"
    token = alerts.unsubscribe_token(subscription)
    assert message.body == (
        "2 new good practices on the SECON portal match your search:\n"
        f"{ACCESS}\n"
        "\n"
        f"- {newer.title}\n"
        "  http://127.0.0.1:8000/practices/guarantee-fund/\n"
        "\n"
        f"- {older.title}\n"
        "  http://127.0.0.1:8000/practices/social-clauses/\n"
        "\n"
        "All practices of this search, newest first:\n"
        "http://127.0.0.1:8000/practices/?theme=access&sort=newest\n"
        "\n"
        "The Atom feed of this search, for a feed reader:\n"
        "http://127.0.0.1:8000/practices/feed.atom?theme=access\n"
        "\n"
        "-- \n"
        "You receive this e-mail because you subscribed to this search on the SECON good-practice portal.\n"
        "Unsubscribe (one click, no log-in):\n"
        f"http://127.0.0.1:8000/practices/alerts/unsubscribe/{token}/\n"
    )
    assert message.extra_headers == {
        "List-Unsubscribe": f"<http://127.0.0.1:8000/practices/alerts/unsubscribe-one-click/{token}/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    subscription.refresh_from_db()
    assert subscription.covered_until == NOW - alerts.SETTLE
    assert subscription.last_sent_at == NOW


def test_the_links_of_a_digest_lead_to_the_search_its_feed_and_unsubscribing():
    subscription = alert(query="q=fund&theme=access")
    published("Guarantee fund for social enterprises", hours_ago(2))
    (message,) = run()
    client = Client()
    search_url, feed_url, unsubscribe_url = re.findall(r"http://127\.0\.0\.1:8000(/\S+)$", message.body, re.M)[1:]
    assert search_url == "/practices/?q=fund&theme=access&sort=newest"
    assert [p.title for p in client.get(search_url).context["practices"]] == ["Guarantee fund for social enterprises"]
    assert client.get(feed_url).status_code == 200
    assert "Guarantee fund for social enterprises" in client.get(feed_url).content.decode()
    one_click = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(one_click, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert not SearchAlert.objects.filter(pk=subscription.pk).exists()
    assert client.get(unsubscribe_url).status_code == 404  # gone with it


def test_a_digest_is_written_in_the_language_of_the_alert():
    alert(language="de", query="q=genossenschaft&theme=access")
    published(
        "Village shop run by a cooperative",
        hours_ago(2),
        slug="village-shop",
        title_original="Dorfladen der Genossenschaft",
        original_language="de",
    )

    (message,) = run()

    with translation.override("de"):
        described = alerts.describe(alerts.search_of("q=genossenschaft&theme=access"))
    assert ACCESS_DE != "Access to procurement and finance"
    assert described == f"Suchbegriffe: „genossenschaft“; {THEME_DE}: {ACCESS_DE}"
    assert listed(message) == ["Dorfladen der Genossenschaft"]  # the original title first, for its readers
    assert "http://127.0.0.1:8000/de/practices/village-shop/\n" in message.body
    assert "http://127.0.0.1:8000/de/practices/?q=genossenschaft&theme=access&sort=newest\n" in message.body
    assert "http://127.0.0.1:8000/de/practices/feed.atom?q=genossenschaft&theme=access\n" in message.body
    assert "/de/practices/alerts/unsubscribe-one-click/" in message.extra_headers["List-Unsubscribe"]
    assert f"\n{described}\n" in message.body
    assert message.subject.endswith(described)
    assert translation.get_language() == "en"  # the run leaves the language as it found it


def test_nothing_is_sent_when_nothing_new_matches_and_the_watermark_moves_on():
    subscription = alert()
    published("Another theme", hours_ago(3), themes=("awareness",))
    assert run() == []
    subscription.refresh_from_db()
    assert subscription.covered_until == NOW - alerts.SETTLE
    assert subscription.last_sent_at is None


def test_no_practice_is_sent_twice_nor_skipped():
    alert()
    published("First", hours_ago(5))
    just_now = published("Published while the digest runs", NOW - datetime.timedelta(minutes=2))

    assert [listed(m) for m in run()] == [["First"]]
    assert run(NOW + datetime.timedelta(hours=1)) == []  # not due again the same day
    published("Second", NOW + datetime.timedelta(hours=5))
    published("After the next run", NOW + DAY + datetime.timedelta(hours=1))

    assert [listed(m) for m in run(NOW + DAY)] == [[just_now.title, "Second"][::-1]]
    assert [listed(m) for m in run(NOW + 2 * DAY)] == [["After the next run"]]


def test_a_daily_run_a_little_earlier_than_the_day_before_still_sends():
    alert()
    published("First", hours_ago(5))
    assert len(run()) == 1
    published("Second", NOW + datetime.timedelta(hours=1))
    assert [listed(m) for m in run(NOW + DAY - datetime.timedelta(minutes=30))] == [["Second"]]


def test_weekly_alerts_are_sent_when_seven_days_have_passed():
    subscription = alert(frequency="weekly", since=NOW - datetime.timedelta(days=3))
    published("Monday's practice", NOW - 2 * DAY)
    for day in range(4):  # three days after confirming, and the next three
        assert run(NOW + day * DAY) == [], day
    published("Friday's practice", NOW + 2 * DAY)

    (message,) = run(NOW + 4 * DAY)

    assert listed(message) == ["Friday's practice", "Monday's practice"]
    subscription.refresh_from_db()
    assert subscription.covered_until == NOW + 4 * DAY - alerts.SETTLE
    for day in range(5, 11):
        assert run(NOW + day * DAY) == [], day
    published("Next week's", NOW + 8 * DAY)
    assert [listed(m) for m in run(NOW + 11 * DAY)] == [["Next week's"]]


def test_a_digest_lists_twenty_practices_and_counts_the_others():
    alert()
    for n in range(23):
        published(f"Practice {n:02}", hours_ago(23 - n * 0.5))

    (message,) = run()

    assert message.subject == f"23 new good practices: {ACCESS}"
    assert listed(message) == [f"Practice {n:02}" for n in range(22, 2, -1)]
    assert "\n… and 3 more.\n" in message.body


def test_only_confirmed_alerts_get_a_digest():
    SearchAlert.objects.create(email="never@example.org", query="theme=access", requested_at=NOW - 2 * DAY)
    published("First", hours_ago(5))
    assert run() == []


def test_an_alert_whose_words_cannot_be_searched_any_more_gets_nothing():
    subscription = alert(query="q=-tourism")
    published("First", hours_ago(5))
    assert run() == []
    subscription.refresh_from_db()
    assert subscription.covered_until == NOW - alerts.SETTLE


def test_the_command_sends_digests_and_deletes_addresses_unconfirmed_for_a_year():
    now = timezone.now()
    alert(since=now - 2 * DAY)
    published("First", now - datetime.timedelta(hours=5))
    year = datetime.timedelta(days=365)
    stale = SearchAlert.objects.create(email="old@example.org", query="", requested_at=now - year - DAY)
    recent = SearchAlert.objects.create(email="new@example.org", query="", requested_at=now - year + DAY)
    confirmed_long_ago = alert(query="", since=now - 2 * year)

    out = StringIO()
    call_command("send_search_alerts", stdout=out)

    assert out.getvalue() == "2 alerts due, 2 digests queued, 1 unconfirmed alerts older than a year deleted.\n"
    remaining = set(SearchAlert.objects.values_list("email", "query"))
    assert remaining == {("anna@example.org", "theme=access"), ("new@example.org", ""), ("anna@example.org", "")}
    assert not SearchAlert.objects.filter(pk=stale.pk).exists()
    assert SearchAlert.objects.filter(pk__in=[recent.pk, confirmed_long_ago.pk]).count() == 2
    run_queued_tasks()
    assert sorted(listed(m)[0] for m in mail.outbox) == ["First", "First"]


def test_each_alert_costs_the_same_few_queries(django_assert_num_queries):
    """Per alert: lock it, find its new practices (one LIMITed query), queue the e-mail, move the watermark, with the
    savepoint around them; each search is understood once however many alerts follow it."""
    published("First", hours_ago(5), region=RegionFactory(country="DE", code="DE111"))
    for n in range(3):
        alert(query="theme=access&country=DE", email=f"p{n}@example.org")

    # The due ids (daily, weekly); understanding and naming the search once (themes, topics, themes again); then per
    # alert: savepoint, lock, the practices, the e-mail's job, the watermark, release.
    with django_assert_num_queries(2 + 3 + 3 * 6):
        assert alerts.DigestRun(NOW).send_due() == (3, 3)

    SearchAlert.objects.update(covered_until=NOW - DAY)
    alert(query="theme=access&country=DE", email="p9@example.org")
    with django_assert_num_queries(2 + 3 + 4 * 6):
        assert alerts.DigestRun(NOW).send_due() == (4, 4)
