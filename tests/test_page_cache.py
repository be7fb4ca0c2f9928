"""Anonymous visitors' pages come from the shared cache until the data changes (secon_portal/page_cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PracticeResultFactory,
    ReviewerFactory,
    UserFactory,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_an_anonymous_page_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    first = client.get("/practices/")
    with django_assert_num_queries(0):
        second = client.get("/practices/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "Village shop run by a cooperative" in second.content.decode()


def test_a_published_practice_shows_at_once(client, page_cache, django_capture_on_commit_callbacks):
    GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    assert "Olive growers" not in client.get("/practices/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice = GoodPracticeFactory(published=True, title="Olive growers share a press")
    assert "Olive growers share a press" in client.get("/practices/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice.title = "Olive growers share a mill"
        practice.save()
    page = client.get("/practices/").content.decode()
    assert "Olive growers share a mill" in page
    assert "Olive growers share a press" not in page


def test_languages_never_mix(client, page_cache):
    english = client.get("/practices/")
    german = client.get("/de/practices/")
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in client.get("/practices/").content.decode()
    # The home page at / sends each visitor to their own language: its cached answer depends on it.
    assert client.get("/").status_code == 200
    redirected = client.get("/", HTTP_ACCEPT_LANGUAGE="el")
    assert (redirected.status_code, redirected["Location"]) == (302, "/el/")
    assert client.get("/").status_code == 200


def test_a_signed_in_user_never_gets_a_cached_page_nor_leaves_one(client, page_cache):
    assert "Signed in as" not in client.get("/").content.decode()
    member = UserFactory(username="maria")
    signed_in = type(client)()
    signed_in.force_login(member)
    assert "Signed in as maria" in signed_in.get("/").content.decode()
    assert "Signed in as" not in client.get("/").content.decode()
    assert "Signed in as" not in type(client)().get("/about/").content.decode()
    signed_in.get("/about/")
    assert "Signed in as" not in client.get("/about/").content.decode()


def test_a_page_with_a_form_token_is_never_kept(client, page_cache):
    """The log-in form carries a CSRF token tied to the visitor's cookie: each visitor gets their own."""
    client.get("/accounts/login/")
    again = client.get("/accounts/login/")
    assert "csrftoken" in again.cookies  # rendered again, so the token and its cookie are the visitor's


def test_without_a_shared_cache_nothing_is_kept(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/practices/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/practices/")
    assert len(queries) > 0


def test_a_page_the_visitor_already_has_is_answered_304(client, page_cache):
    page = client.get("/about/")
    assert page["ETag"]
    again = client.get("/about/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    assert client.get("/de/about/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200  # another language


def test_a_version_evicted_from_the_cache_never_comes_back(client, page_cache):
    """Redis may evict the version's key; its new value must not be one under which pages are still kept."""
    from django.core.cache import cache

    from secon_portal.page_cache import VERSION_KEY

    client.get("/practices/")
    cache.delete(VERSION_KEY)  # evicted
    GoodPracticeFactory(published=True, title="Olive growers share a press")  # no commit in a test: no bump
    assert "Olive growers share a press" in client.get("/practices/").content.decode()


def test_subscribing_to_a_search_alert_leaves_the_cached_pages(client, page_cache, django_capture_on_commit_callbacks):
    # Anybody may subscribe: were an alert a change of the data, anybody could empty the cache at will.
    GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    client.get("/practices/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/practices/alerts/subscribe/", {"email": "reader@example.org", "query": "", "frequency": "weekly"}
        )
    assert response.status_code == 302
    client.cookies.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/practices/").status_code == 200
    assert len(queries) == 0


def cached_page_is_served(client, path="/practices/"):
    """Whether `path` comes from the cache: no query at all."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries) == 0


def test_partners_work_on_drafts_leaves_the_cached_pages(client, page_cache, django_capture_on_commit_callbacks):
    # Drafts and submissions are on no public page: saving them all day must not keep the cache empty.
    published = GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    editor = MembershipFactory(partner=published.partner).user
    client.get("/practices/")
    with django_capture_on_commit_callbacks(execute=True):
        draft = GoodPracticeFactory(partner=published.partner, title="Olive growers share a press")
        PracticeResultFactory(practice=draft)
        draft.themes.add(theme("access"))
        draft.title = "Olive growers share a mill"
        draft.save()
        draft.submit(editor)
    assert cached_page_is_served(client)


def test_archiving_a_practice_changes_the_pages_at_once(client, page_cache, django_capture_on_commit_callbacks):
    practice = GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    assert "Village shop" in client.get("/practices/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice.archive(ReviewerFactory())
    assert not cached_page_is_served(client)
    assert "Village shop" not in client.get("/practices/").content.decode()


def test_a_result_of_a_published_practice_changes_the_pages(client, page_cache, django_capture_on_commit_callbacks):
    practice = GoodPracticeFactory(published=True, title="Village shop run by a cooperative")
    client.get(practice.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        PracticeResultFactory(practice=practice)
    assert not cached_page_is_served(client, practice.get_absolute_url())
