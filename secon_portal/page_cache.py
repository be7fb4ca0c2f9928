"""A shared cache of the pages anonymous visitors read, emptied by every change of what pages show.

Anonymous visitors read the same page for the same address and language, so the portal keeps each
such page in the shared cache (Redis) and serves it from there until the data changes:

- **What is kept:** a 200 answer to an anonymous GET that sets no cookie and that no other rule keeps
  private: no session cookie came with the request, the page used no CSRF token (which sets its
  cookie), showed no message, and Cache-Control does not say private or no-store.
- **The key:** the data version, the page's language, the visitor's preferred language (the home
  page at / sends each visitor to their own), the host and the full path with its query string.
- **Freshness by invalidation:** every change to a model of the portal's apps (a practice and its
  parts, a region, a partner, an instrument, an event...) moves the data version on once its
  transaction commits, so every cached page is stale at once and the next visitor gets a new one;
  but not a change of a practice that has never been public (a draft, a submission) or of its parts.
  Bulk loads (`seed_demo --practices`) move it on when they rebuild the facet index.
- **Freshness by time:** what depends on today's date (upcoming events, ongoing practices) changes
  without any save; pages are kept PAGE_CACHE_SECONDS at most (5 minutes by default).

**Redis out of reach** (stopped, restarting): the page cache fails open. Each visitor gets the page made
afresh from the database, nothing is kept, and a warning is logged (secon_portal.unavailable.log_outage, at
most one every few seconds). A change saved while Redis is away cannot move the data version on: the save
succeeds, and pages kept before it may be served until they expire (PAGE_CACHE_SECONDS at most) if Redis
comes back with its data; a Redis restarted empty keeps nothing stale.

It is on when the cache is shared by every worker (REDIS_URL is set): with a cache per process, a
change seen by one worker would not empty the others'. PAGE_CACHE_SECONDS=0 turns it off.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

from secon_portal.unavailable import CACHE_ERRORS, log_outage

VERSION_KEY = "page-cache:data-version"
APPS = ("practices", "events", "regions")
# Models of those apps that no public page shows: saving them leaves the pages as they are.
PRIVATE_MODELS = {"practices.notification", "practices.stagedupload", "practices.searchalert"}
# A practice in these states is, or has been, on public pages: a change of it or of its parts (images, results,
# reviews...) changes them. One in any other state (a draft, a submission) has never been public and cannot
# become public without a step to "published", which is itself a change of a published practice.
PUBLIC_PRACTICE_STATES = {"published", "archived"}


def data_version():
    # A new version is the time in nanoseconds: when the key is evicted, no value of it can come back while
    # pages kept under that value are still in the cache.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_data_version():
    """Make every cached page stale (after the transaction commits, so no page caches the old data anew)."""
    if not enabled():
        return

    def bump():
        try:
            try:
                cache.incr(VERSION_KEY)
            except ValueError:  # not set yet, or evicted: a new value, unlike any in use
                cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        except CACHE_ERRORS as error:  # the change is saved all the same: see the module docstring
            log_outage("The page cache could not be emptied", error)

    transaction.on_commit(bump)


def changes_public_data(model):
    label = model._meta.label_lower
    return (
        model._meta.app_label in APPS
        and label not in PRIVATE_MODELS
        and not label.split(".")[1].startswith("historical")
    )


def of_unpublished_practice(instance):
    """Whether `instance` is a practice that has never been public, or a part of one (a row with a `practice`):
    partners save drafts all day long, and emptying every cached page for each save would leave the cache empty
    under their work."""
    if instance._meta.label_lower == "practices.goodpractice":
        practice = instance
    elif getattr(instance, "practice_id", None) is not None:
        try:
            practice = instance.practice
        except ObjectDoesNotExist:  # deleted with it: decide as for any change
            return False
    else:
        return False
    return practice.state not in PUBLIC_PRACTICE_STATES


def _changed(sender, instance, **kwargs):
    if changes_public_data(sender) and not of_unpublished_practice(instance):
        bump_data_version()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and changes_public_data(type(instance)) and not of_unpublished_practice(instance):
        bump_data_version()


def connect_signals():
    post_save.connect(_changed, dispatch_uid="page_cache.post_save")
    post_delete.connect(_changed, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache.m2m_changed")


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def page_key(request):
    preferred = translation.get_language_from_request(request)
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{data_version()}:{request.LANGUAGE_CODE}:{preferred}:{address}"


def anonymous_get(request):
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def may_keep(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.session.modified
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors' pages from the shared cache (see the module docstring). After LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and anonymous_get(request)):
            return self.get_response(request)
        try:
            key = page_key(request)
            kept = cache.get(key)
        except CACHE_ERRORS as error:  # fail open: the page made afresh, not kept
            log_outage("The page cache is out of reach", error)
            return self.get_response(request)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if may_keep(request, response):
            try:
                cache.set(
                    key, (response.status_code, list(response.items()), response.content), settings.PAGE_CACHE_SECONDS
                )
            except CACHE_ERRORS as error:
                log_outage("The page cache is out of reach", error)
        return response
