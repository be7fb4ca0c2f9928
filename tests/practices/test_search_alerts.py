"""E-mail alerts for a search: the list's link, subscribing (double opt-in), confirming, unsubscribing (also with
RFC 8058's one-click POST), the tokens of the links, and the admin. Digests: test_search_alert_digests.py."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from practices import alerts
from practices.models import SearchAlert
from practices.models.alert import SearchAlertQuerySet
from tests.html import assert_accessible_structure, assert_csp_safe, dom
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUBSCRIBE = "/practices/alerts/subscribe/"
ACCESS = "Theme: Access to procurement and finance"


def post(client, email="anna@example.org", query="theme=access", frequency="daily", path=SUBSCRIBE):
    return client.post(path, {"email": email, "query": query, "frequency": frequency})


def confirm_path(message):
    """The path of the confirmation link in `message` (its absolute URL is on PORTAL_URL)."""
    (url,) = re.findall(r"http://127\.0\.0\.1:8000(/\S*/alerts/confirm/\S+/)", message.body)
    return url


def confirmed_alert(email="anna@example.org", query="theme=access", **fields):
    now = timezone.now()
    return SearchAlert.objects.create(email=email, query=query, confirmed_at=now, covered_until=now, **fields)


# -- the list links to the subscription -----------------------------------------------------------------------------


def test_the_list_links_to_an_alert_for_its_search_as_understood(client):
    doc = dom(client.get("/practices/", {"theme": ["access", "no-such-theme"], "q": "cooperative", "page": "1"}))
    link = doc.find("p", cls="search-alert-link").find("a")
    assert link.text == "E-mail me new practices for this search"
    assert link.attrs["href"] == "/practices/alerts/subscribe/?q=cooperative&theme=access"


def test_the_list_without_a_search_links_to_an_alert_for_every_practice(client):
    link = dom(client.get("/practices/")).find("p", cls="search-alert-link").find("a")
    assert link.attrs["href"] == "/practices/alerts/subscribe/"


def test_a_list_whose_text_cannot_be_searched_offers_no_alert(client):
    doc = dom(client.get("/practices/", {"q": "-tourism"}))
    assert doc.find_all("p", cls="search-alert-link") == []


# -- the subscribe page --------------------------------------------------------------------------------------------


def test_the_subscribe_page_states_the_search_in_words(client, django_assert_num_queries):
    with django_assert_num_queries(4):  # the themes (to check, describe and chip the chosen ones), the topics
        response = client.get(
            SUBSCRIBE, {"theme": ["access", "nothing"], "country": "DE", "q": "co-op", "sort": "title"}
        )
    doc = dom(response)
    assert doc.texts("h1") == ["E-mail me new practices for this search"]
    assert doc.texts("title") == ["E-mail me new practices for this search | SECON"]
    assert doc.find("meta", name="robots").attrs == {"name": "robots", "content": "noindex"}
    assert doc.find("p", cls="alert-search-description").text == f"Words: “co-op”; {ACCESS}; Country: Germany"
    assert [a.text for a in doc.find_all("a", cls="filter-chip")] == [
        f"Remove filter {ACCESS} ×",
        "Remove filter Country: Germany ×",
    ]
    assert [a.attrs["href"] for a in doc.find_all("a", cls="filter-chip")] == [
        "?q=co-op&sort=title&country=DE",
        "?q=co-op&sort=title&theme=access",
    ]
    assert doc.find("div", cls="alert-warning").texts("li") == ["Theme: no such value, left out: nothing."]
    assert doc.find("input", name="query").attrs["value"] == "q=co-op&theme=access&country=DE"
    assert doc.find("a", href="/practices/?q=co-op&theme=access&country=DE").text == (
        "Change the search on the list of practices"
    )
    assert [i.attrs["value"] for i in doc.find_all("input", name="frequency")] == ["daily", "weekly"]
    assert doc.find("input", name="frequency", checked="").attrs["value"] == "weekly"
    assert doc.find("form", method="post").attrs["action"] == SUBSCRIBE
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert_accessible_structure(doc)
    assert_csp_safe(doc)


def test_the_subscribe_page_of_every_practice(client):
    doc = dom(client.get(SUBSCRIBE))
    assert doc.find("p", cls="alert-search-description").text == "All good practices"
    assert doc.find("input", name="query").attrs.get("value", "") == ""


def test_the_subscribe_page_in_german(client):
    doc = dom(client.get("/de/practices/alerts/subscribe/", {"theme": "access"}))
    assert doc.find("html").attrs["lang"] == "de"
    assert doc.find("form", method="post").attrs["action"] == "/de/practices/alerts/subscribe/"
    assert_accessible_structure(doc)


# -- subscribing ---------------------------------------------------------------------------------------------------


def test_subscribing_stores_an_unconfirmed_alert_and_e_mails_only_the_confirmation(client):
    response = post(client, email=" Anna@Example.org ", query="country=DE&theme=access&theme=access&sort=title")

    assert response.status_code == 302
    assert response["Location"] == "/practices/alerts/subscribed/"
    alert = SearchAlert.objects.get()
    assert (alert.email, alert.query, alert.frequency, alert.language) == (
        "Anna@Example.org",
        "theme=access&country=DE",
        "daily",
        "en",
    )
    assert alert.confirmed_at is None and alert.covered_until is None and alert.last_sent_at is None
    assert mail.outbox == []  # queued with the request, sent by the worker
    assert run_queued_tasks() == 1
    (message,) = mail.outbox
    assert message.to == ["Anna@Example.org"]
    assert message.subject == "Confirm your e-mail alert for SECON good practices"
    path = confirm_path(message)
    assert path.startswith("/practices/alerts/confirm/")
    assert message.body == (
        "Someone, probably you, asked for e-mails about new good practices on the SECON portal that match this "
        "search:\n\n"
        f"{ACCESS}; Country: Germany\n"
        "How often: Daily\n\n"
        "To confirm, open this link within 7 days and press the button:\n"
        f"http://127.0.0.1:8000{path}\n\n"
        "If you did not ask for this, ignore this e-mail: nothing will be sent, and the address is deleted after a "
        "year.\n\n"
        "The search on the portal:\n"
        "http://127.0.0.1:8000/practices/?theme=access&country=DE&sort=newest\n\n"
        "-- \n"
        "SECON good-practice portal\n"
    )
    assert "List-Unsubscribe" not in message.extra_headers
    # Unconfirmed: never due for a digest, however long it waits.
    assert alerts.DigestRun(timezone.now() + datetime.timedelta(days=30)).send_due() == (0, 0)

    page = dom(client.get(response["Location"]))
    assert page.texts("h1") == ["Check your e-mail"]
    assert_accessible_structure(page)


def test_subscribing_on_a_german_page_writes_in_german(client):
    response = post(client, path="/de/practices/alerts/subscribe/", frequency="weekly")
    assert response["Location"] == "/de/practices/alerts/subscribed/"
    assert SearchAlert.objects.get().language == "de"
    run_queued_tasks()
    (message,) = mail.outbox
    with translation.override("de"):
        signature = gettext("SECON good-practice portal")
    assert signature != "SECON good-practice portal"
    assert message.body.endswith(f"-- \n{signature}\n")
    assert confirm_path(message).startswith("/de/practices/alerts/confirm/")
    assert "http://127.0.0.1:8000/de/practices/?theme=access&sort=newest" in message.body


def test_a_wrong_address_is_refused_and_the_search_and_frequency_kept(client):
    response = post(client, email="anna@", query="q=cooperative&theme=access", frequency="daily")

    assert response.status_code == 200
    doc = dom(response)
    assert doc.find("div", cls="alert-danger").texts("li") == ["Your e-mail address: Enter a valid email address."]
    assert doc.find("input", name="email").attrs["value"] == "anna@"
    assert doc.find("input", name="email").attrs["aria-invalid"] == "true"
    assert doc.find("input", name="query").attrs["value"] == "q=cooperative&theme=access"
    assert doc.find("input", name="frequency", checked="").attrs["value"] == "daily"
    assert doc.find("p", cls="alert-search-description").text == f"Words: “cooperative”; {ACCESS}"
    assert_accessible_structure(doc)
    assert SearchAlert.objects.count() == 0
    run_queued_tasks()
    assert mail.outbox == []


def test_a_search_that_cannot_run_is_refused_and_the_address_kept(client):
    response = post(client, email="anna@example.org", query="q=-tourism")

    doc = dom(response)
    assert doc.find("div", cls="alert-danger").texts("li") == [
        "The words of this search cannot be searched: Say what to look for: a search cannot only leave words out. "
        "Change the search on the list first."
    ]
    assert doc.find("input", name="email").attrs["value"] == "anna@example.org"
    assert SearchAlert.objects.count() == 0


def test_a_missing_address_and_frequency_are_named(client):
    doc = dom(client.post(SUBSCRIBE, {"query": "theme=access"}))
    assert doc.find("div", cls="alert-danger").texts("li") == [
        "Your e-mail address: This field is required.",
        "How often: This field is required.",
    ]


def test_the_answer_never_tells_whether_the_address_had_subscribed(client):
    confirmed_alert(email="anna@example.org", frequency="weekly")

    again = post(client, email="ANNA@example.org", frequency="daily")
    new = post(client, email="boris@example.org", frequency="daily")

    assert (again.status_code, again["Location"]) == (new.status_code, new["Location"])
    alert = SearchAlert.objects.get(email="anna@example.org")
    assert (alert.frequency, alert.is_confirmed) == ("weekly", True)  # changed only by the owner's confirmation
    assert SearchAlert.objects.count() == 2
    run_queued_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.org", "boris@example.org"]


def test_asking_again_before_confirming_refreshes_the_alert(client):
    post(client, frequency="weekly")
    first = SearchAlert.objects.get()
    post(client, email="anna@EXAMPLE.org", frequency="daily", path="/de/practices/alerts/subscribe/")
    alert = SearchAlert.objects.get()
    assert alert.pk == first.pk
    assert (alert.email, alert.frequency, alert.language) == ("anna@EXAMPLE.org", "daily", "de")
    assert alert.requested_at > first.requested_at


def test_an_address_gets_at_most_three_confirmation_e_mails_a_day(client):
    for query in ("theme=access", "theme=awareness", "country=DE"):
        assert post(client, query=query).status_code == 302

    refused = post(client, email="ANNA@example.org", query="country=PL")

    assert refused.status_code == 200
    assert dom(refused).find("div", cls="alert-danger").texts("li") == [
        "Alerts were asked for too often, for this e-mail address or from this connection: an address receives at "
        "most 3 confirmation e-mails a day. Please try again tomorrow."
    ]
    assert post(client, email="boris@example.org").status_code == 302  # another address
    assert run_queued_tasks() == 4
    assert SearchAlert.objects.filter(query="country=PL").count() == 0


def test_one_connection_asks_for_at_most_twenty_alerts_an_hour(client):
    for n in range(alerts.REQUESTS_PER_CLIENT_PER_HOUR):
        assert post(client, email=f"person{n}@example.org").status_code == 302
    assert post(client, email="one-more@example.org").status_code == 200
    assert SearchAlert.objects.count() == alerts.REQUESTS_PER_CLIENT_PER_HOUR


def test_subscribing_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert post(client).status_code == 403
    assert SearchAlert.objects.count() == 0


def test_the_subscribe_page_answers_other_methods_with_405(client):
    assert client.put(SUBSCRIBE).status_code == 405
    assert client.post("/practices/alerts/subscribed/").status_code == 405


# -- confirming ----------------------------------------------------------------------------------------------------


def subscribed_confirm_path(client, **kwargs):
    post(client, **kwargs)
    run_queued_tasks()
    return confirm_path(mail.outbox[-1])


def test_opening_the_link_confirms_nothing_the_button_does(client):
    path = subscribed_confirm_path(client, frequency="weekly")

    page = client.get(path)
    doc = dom(page)
    assert doc.texts("h1") == ["Confirm your e-mail alert"]
    assert doc.texts("dd") == [ACCESS, "Weekly", "anna@example.org"]
    assert doc.find("form", method="post").find("button").text == "Confirm the alert"
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    assert SearchAlert.objects.get().confirmed_at is None

    before = timezone.now()
    done = client.post(path)

    assert done.status_code == 200
    alert = SearchAlert.objects.get()
    assert before <= alert.confirmed_at == alert.covered_until <= timezone.now()
    assert alert.frequency == "weekly"
    doc = dom(done)
    assert doc.texts("h1") == ["Your alert is on"]
    assert doc.find("a", href=reverse("practices:alert-unsubscribe", args=[alerts.unsubscribe_token(alert)]))
    # Confirming again changes nothing: the watermark stays.
    client.post(path)
    assert SearchAlert.objects.get().covered_until == alert.covered_until


def test_a_confirmed_alert_takes_the_frequency_of_the_newest_link_when_it_is_used(client):
    alert = confirmed_alert(frequency="weekly")
    path = subscribed_confirm_path(client, frequency="daily", path="/de/practices/alerts/subscribe/")
    assert SearchAlert.objects.get().frequency == "weekly"
    client.post(path)
    refreshed = SearchAlert.objects.get()
    assert (refreshed.frequency, refreshed.language) == ("daily", "de")
    assert refreshed.covered_until == alert.covered_until


def test_a_changed_confirmation_link_is_refused(client):
    path = subscribed_confirm_path(client)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps([SearchAlert.objects.get().pk, "daily", "en"], salt=alerts.UNSUBSCRIBE_SALT)
    for bad in (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), forged, "nonsense", token + "x"):
        response = client.post(reverse("practices:alert-confirm", args=[bad]))
        assert response.status_code == 400
        assert dom(response, status=400).find("p", cls="invalid-link-reason").text == (
            "This link is not valid: it may have been cut or changed. Copy the whole link from the e-mail."
        )
    assert client.get(reverse("practices:alert-confirm", args=["nonsense"])).status_code == 400
    assert SearchAlert.objects.get().confirmed_at is None


def test_a_confirmation_link_expires_after_seven_days(client, monkeypatch):
    post(client)
    alert = SearchAlert.objects.get()
    eight_days_ago = timezone.now().timestamp() - 8 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    old = alerts.confirm_token(alert, "daily", "en")
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago + 2 * 24 * 60 * 60)
    six_days_old = alerts.confirm_token(alert, "daily", "en")
    monkeypatch.undo()

    response = client.post(reverse("practices:alert-confirm", args=[old]))
    assert response.status_code == 410
    assert dom(response, status=410).find("p", cls="invalid-link-reason").text == (
        "This link has expired: a link to confirm an alert can be used for 7 days. Subscribe again to get a new one."
    )
    assert SearchAlert.objects.get().confirmed_at is None
    assert client.post(reverse("practices:alert-confirm", args=[six_days_old])).status_code == 200
    assert SearchAlert.objects.get().confirmed_at is not None


def test_the_link_of_a_deleted_alert_says_so(client):
    path = subscribed_confirm_path(client)
    SearchAlert.objects.all().delete()
    response = client.post(path)
    assert response.status_code == 404
    assert dom(response, status=404).find("p", cls="invalid-link-reason").text == (
        "This alert does not exist (any more): it was unsubscribed, or never confirmed and deleted. "
        "Nothing more is sent for it."
    )


def test_confirming_needs_the_csrf_token(client):
    path = subscribed_confirm_path(client)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path).status_code == 403
    assert SearchAlert.objects.get().confirmed_at is None


# -- unsubscribing -------------------------------------------------------------------------------------------------


def test_unsubscribing_asks_then_deletes_the_alert_and_its_address(client):
    alert = confirmed_alert()
    other = confirmed_alert(query="theme=awareness")
    path = reverse("practices:alert-unsubscribe", args=[alerts.unsubscribe_token(alert)])

    doc = dom(client.get(path))
    assert doc.texts("h1") == ["Unsubscribe from this alert"]
    assert doc.texts("dd") == [ACCESS, "anna@example.org"]
    assert_accessible_structure(doc)
    assert_csp_safe(doc)
    assert SearchAlert.objects.filter(pk=alert.pk).exists()

    done = client.post(path)

    assert done.status_code == 200
    assert dom(done).texts("h1") == ["You are unsubscribed"]
    assert list(SearchAlert.objects.values_list("pk", flat=True)) == [other.pk]
    assert client.post(path).status_code == 404


def test_an_unsubscribe_link_with_a_changed_or_foreign_token_is_refused(client):
    alert = confirmed_alert()
    token = alerts.unsubscribe_token(alert)
    confirm = alerts.confirm_token(alert, "daily", "en")
    other_pk = signing.Signer(salt=alerts.UNSUBSCRIBE_SALT).sign(str(alert.pk)).replace(f"{alert.pk}:", "999999:")
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), confirm, other_pk, f"{alert.pk}"):
        assert client.post(reverse("practices:alert-unsubscribe", args=[bad])).status_code == 400
    assert SearchAlert.objects.filter(pk=alert.pk).exists()


def test_unsubscribe_links_never_expire(client, monkeypatch):
    alert = confirmed_alert()
    long_ago = timezone.now().timestamp() - 5 * 365 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = alerts.unsubscribe_token(alert)
    monkeypatch.undo()
    assert client.post(reverse("practices:alert-unsubscribe", args=[token])).status_code == 200
    assert not SearchAlert.objects.exists()


def test_one_click_unsubscribe_as_rfc_8058_describes():
    alert = confirmed_alert()
    kept = confirmed_alert(query="theme=awareness")
    client = Client(enforce_csrf_checks=True)  # a mail program has no CSRF token, no session, no cookie
    path = reverse("practices:alert-unsubscribe-one-click", args=[alerts.unsubscribe_token(alert)])

    response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert response.content == b"Unsubscribed.\n"
    assert list(SearchAlert.objects.values_list("pk", flat=True)) == [kept.pk]
    # Again: what was asked for holds.
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200  # multipart/form-data


def test_one_click_unsubscribe_needs_the_rfc_8058_body_and_a_valid_token():
    alert = confirmed_alert()
    client = Client(enforce_csrf_checks=True)
    path = reverse("practices:alert-unsubscribe-one-click", args=[alerts.unsubscribe_token(alert)])
    form = "application/x-www-form-urlencoded"

    assert client.get(path).status_code == 405  # a link scanner's GET unsubscribes nobody
    assert client.post(path, "", content_type=form).status_code == 400
    assert client.post(path, "List-Unsubscribe=Yes", content_type=form).status_code == 400
    forged = reverse("practices:alert-unsubscribe-one-click", args=[f"{alert.pk}:forged"])
    response = client.post(forged, "List-Unsubscribe=One-Click", content_type=form)
    assert (response.status_code, response.content) == (400, b"This unsubscribe link is not valid.\n")
    assert SearchAlert.objects.filter(pk=alert.pk).exists()


# -- admin ---------------------------------------------------------------------------------------------------------


def test_staff_find_an_alert_by_address_and_cannot_add_one(superuser_client):
    alert = confirmed_alert(email="anna@example.org")
    SearchAlert.objects.create(email="boris@example.org", query="")
    changelist = reverse("admin:practices_searchalert_changelist")

    response = superuser_client.get(changelist, {"q": "ANNA"})
    assert [row.pk for row in response.context["cl"].result_list] == [alert.pk]
    response = superuser_client.get(changelist, {"confirmed_at__isempty": "1"})
    assert [row.email for row in response.context["cl"].result_list] == ["boris@example.org"]
    assert superuser_client.get(reverse("admin:practices_searchalert_add")).status_code == 403
    change = superuser_client.get(reverse("admin:practices_searchalert_change", args=[alert.pk]))
    assert change.status_code == 200
    assert list(change.context["adminform"].form.fields) == ["frequency"]


def test_two_requests_at_once_for_a_new_alert_make_one(monkeypatch):
    """The second request does not see the first one's alert yet; the unique constraint stops its insert, and it
    refreshes that alert instead."""
    first = SearchAlert.objects.create(email="anna@example.org", query="theme=access", frequency="weekly")
    real_of = SearchAlertQuerySet.of
    lookups = []

    def of(queryset, email, query):
        lookups.append(email)
        found = real_of(queryset, email, query)
        return found.none() if len(lookups) == 1 else found

    monkeypatch.setattr(SearchAlertQuerySet, "of", of)

    alert = alerts.subscribe("Anna@example.org", "theme=access", "daily", "de")

    assert alert.pk == first.pk
    assert list(SearchAlert.objects.values_list("email", "frequency", "language")) == [
        ("Anna@example.org", "daily", "de")
    ]
    assert run_queued_tasks() == 1
