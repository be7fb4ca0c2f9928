import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast password hashing, uploads written to a throw-away folder, and no cache of anonymous pages.

    Changes made inside a test's transaction never commit, so they never empty the page cache: tests
    read pages fresh, and tests/test_page_cache.py turns the cache on to test it (with Redis on CI).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: counters (password resets asked for) do not carry over."""
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a /de/ page leaves German active in the thread."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def english():
    """Reverse URLs and render in English for the whole test, and keep the language of a German page from leaking
    to other tests. Modules that need it say `pytestmark = pytest.mark.usefixtures("english")`."""
    with translation.override("en"):
        yield


@pytest.fixture
def editor(db):
    """An editor of a partner organisation."""
    from tests.factories import MembershipFactory

    return MembershipFactory().user


@pytest.fixture
def reviewer(db):
    from tests.factories import ReviewerFactory

    return ReviewerFactory()


@pytest.fixture
def editor_client(client, editor):
    """A client logged in as `editor`."""
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, db):
    from tests.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    return client
