"""E-mail alerts for a search of the public practice list (issue 12).

- Subscribing (practices/views/alerts.py, practices/forms/alerts.py): an address, a search (the list's query string,
  normalised by PracticeFilterSet: the same search the list, its feed and the API run) and a frequency. The alert
  is stored unconfirmed and a confirmation e-mail is queued (secon_portal.mail) in the reader's language; nothing
  else is ever sent before the address is confirmed. The page that follows reads the same whether or not the
  address had subscribed before.
- Confirming: the e-mail's link carries a signed token (CONFIRM_SALT, valid CONFIRM_DAYS) holding the alert, the
  frequency and the language asked for; the link opens a page with a button, and only the POST confirms (mail
  scanners open links).
- Unsubscribing: a signed token of the alert (UNSUBSCRIBE_SALT, no expiry: valid while the alert exists), on a page
  with a button, and at the RFC 8058 one-click address that mail programs POST to: both delete the row.
- Digests (`manage.py send_search_alerts`, once a day from a timer): for each due confirmed alert, the practices
  published after its watermark that match its search, newest first, DIGEST_LIMIT at most ("and N more"), in one
  LIMITed query; nothing is sent when none match. The watermark moves to the end of the period in the same
  transaction as the e-mail's job is queued. Alerts left unconfirmed for a year are deleted.
"""

import datetime
import hashlib
import logging
import unicodedata

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Window
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from practices.facets import FACETS
from practices.feeds import describe_filters
from practices.filters import ActiveFilter, PracticeFilterSet
from practices.models import SearchAlert
from practices.notifications import portal_url
from secon_portal.mail import queue_email

logger = logging.getLogger(__name__)

CONFIRM_SALT = "practices.alerts.confirm"
UNSUBSCRIBE_SALT = "practices.alerts.unsubscribe"
CONFIRM_DAYS = 7
# Confirmation e-mails an address may receive a day, and subscriptions a client address may ask for an hour.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
REQUESTS_PER_CLIENT_PER_HOUR = 20
# Practices a digest lists at most; the others are counted ("and 5 more") and found through its links.
DIGEST_LIMIT = 20
# A digest covers the practices published up to this long before it runs: a publication whose transaction is still
# open when the digest runs is in the next one, never skipped.
SETTLE = datetime.timedelta(minutes=10)


# -- the search of an alert ----------------------------------------------------------------------------------------


def search_of(query):
    """The list's search for `query` (a query string or a QueryDict) over the published practices."""
    if isinstance(query, str):
        query = QueryDict(query)
    return PracticeFilterSet.of_published(query)


def canonical_query(search):
    """The query of `search` as the list understands it (valid values only, each once), without its sort order and
    page: what an alert stores, so that the same search is one alert however its address was written."""
    query = QueryDict(search.query_string(), mutable=True)
    query.pop("sort", None)
    return query.urlencode()


def describe(search):
    """The search in words, in the active language, as the list's chips name it:
    Words: “cooperative”; Theme: Access to procurement and finance; Country: Germany."""
    parts = [gettext("Words: “%(query)s”") % {"query": search.text}] if search.text else []
    if filters := describe_filters(search):
        parts.append(filters)
    return "; ".join(parts) or gettext("All good practices")


def active_filters(search):
    """The chosen facet values of `search`, as the list's filter chips show them (each with the query without it);
    the values of the facets in use only are looked up."""
    selection = search.selection
    chips = []
    for name, values in selection.items():
        labels = dict(FACETS[name].choices(selection))
        chips.extend(
            ActiveFilter(FACETS[name].label, labels.get(value, value), search.query_string(without=(name, value)))
            for value in values
        )
    return chips


def list_path(query):
    """The list with this search, newest first (in the active language)."""
    query = QueryDict(query, mutable=True)
    query["sort"] = "newest"
    return f"{reverse('practices:practice-list')}?{query.urlencode()}"


def feed_path(query):
    path = reverse("practices:practice-feed")
    return f"{path}?{query}" if query else path


# -- tokens ------------------------------------------------------------------------------------------------------


class BadToken(Exception):
    """The token of a link was not made by the portal, or was changed."""


class ExpiredToken(BadToken):
    """The token was made by the portal but is too old."""


def confirm_token(alert, frequency, language):
    return signing.dumps([alert.pk, frequency, language], salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """(alert id, frequency, language) of a confirmation token; BadToken or ExpiredToken."""
    try:
        pk, frequency, language = signing.loads(token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken from error
    if frequency not in SearchAlert.Frequency.values or language not in dict(settings.LANGUAGES):
        raise BadToken  # signed by the portal, so never: but not worth a 500
    return pk, frequency, language


def unsubscribe_token(alert):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(alert.pk))


def read_unsubscribe_token(token):
    """The alert id of an unsubscribe token; BadToken."""
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise BadToken from error


# -- subscribing ---------------------------------------------------------------------------------------------------


def _counted_within_limit(key, limit, seconds):
    """Count one more request under `key` (for `seconds` from the first); whether it stays within `limit`."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds)
        return True


def within_limits(email, client_address):
    """Count a request to subscribe `email` from `client_address`; whether both stay within their limits."""
    folded = unicodedata.normalize("NFKC", email).casefold()
    digest = hashlib.sha256(folded.encode()).hexdigest()
    return all(
        [
            _counted_within_limit(f"search-alert:client:{client_address}", REQUESTS_PER_CLIENT_PER_HOUR, 60 * 60),
            _counted_within_limit(f"search-alert:email:{digest}", CONFIRMATIONS_PER_ADDRESS_PER_DAY, 24 * 60 * 60),
        ]
    )


@transaction.atomic
def subscribe(email, query, frequency, language, now=None):
    """Create or refresh the alert of `email` for `query` and queue the e-mail that confirms it, in `language`.

    An alert that is already confirmed keeps its frequency and language until the new link is used: whoever asked
    may not be the address's owner.
    """
    now = now or timezone.now()
    alert = SearchAlert.objects.of(email, query).select_for_update().first()
    if alert is None:
        try:
            with transaction.atomic():
                alert = SearchAlert.objects.create(
                    email=email, query=query, frequency=frequency, language=language, created_at=now, requested_at=now
                )
        except IntegrityError:  # another request created it meanwhile: refresh that one
            alert = SearchAlert.objects.of(email, query).select_for_update().get()
    if not alert.is_confirmed:
        alert.email, alert.frequency, alert.language = email, frequency, language
    alert.requested_at = now
    alert.save(update_fields=["email", "frequency", "language", "requested_at"])
    queue_email(confirmation_message(alert, frequency, language))
    return alert


def confirmation_message(alert, frequency, language):
    with translation.override(language):
        token = confirm_token(alert, frequency, language)
        context = {
            "search": describe(search_of(alert.query)),
            "frequency": SearchAlert.Frequency(frequency).label,
            "confirm_url": portal_url(reverse("practices:alert-confirm", args=[token])),
            "search_url": portal_url(list_path(alert.query)),
            "valid_days": CONFIRM_DAYS,
        }
        subject = " ".join(render_to_string("practices/alerts/email/confirm_subject.txt", context).split())
        body = render_to_string("practices/alerts/email/confirm_body.txt", context)
    return EmailMessage(subject, body, to=[alert.email])


# -- digests -------------------------------------------------------------------------------------------------------


class DigestRun:
    """One run of the digests at `now`: each search (query and language) is understood and described once, however
    many alerts follow it; each alert then costs one LIMITed query of its new practices."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.until = self.now - SETTLE
        self._searches = {}

    def search(self, query, language):
        """(the search, the search in words) of `query` in `language`; call inside translation.override(language)."""
        key = (query, language)
        if key not in self._searches:
            search = search_of(query)
            self._searches[key] = (search, describe(search))
        return self._searches[key]

    def new_practices(self, alert):
        """The published practices matching the alert's search, published after its watermark and up to the end of
        this run's period, newest first: the first DIGEST_LIMIT, each with `matching` (how many match in all), in
        one query. None when the search cannot run any more (its text is no longer understood)."""
        search, _description = self.search(alert.query, alert.language)
        if search.text_error:
            return None
        practices = search.qs.filter(published_at__gt=alert.covered_until, published_at__lte=self.until)
        practices = practices.order_by("-published_at", "-id").only(
            "id", "slug", "title", "summary", "title_original", "summary_original", "original_language", "published_at"
        )
        return list(practices.annotate(matching=Window(Count("id")))[:DIGEST_LIMIT])

    def message(self, alert, practices):
        """The digest e-mail of `alert` listing `practices` (from new_practices()); inside the alert's language."""
        token = unsubscribe_token(alert)
        total = practices[0].matching
        context = {
            "alert": alert,
            "search": self.search(alert.query, alert.language)[1],
            "practices": [
                {"title": practice.texts_for(alert.language)[0].title, "url": portal_url(practice.get_absolute_url())}
                for practice in practices
            ],
            "count": total,
            "more": total - len(practices),
            "search_url": portal_url(list_path(alert.query)),
            "feed_url": portal_url(feed_path(alert.query)),
            "unsubscribe_url": portal_url(reverse("practices:alert-unsubscribe", args=[token])),
        }
        subject = " ".join(render_to_string("practices/alerts/email/digest_subject.txt", context).split())
        body = render_to_string("practices/alerts/email/digest_body.txt", context)
        one_click = portal_url(reverse("practices:alert-unsubscribe-one-click", args=[token]))
        headers = {"List-Unsubscribe": f"<{one_click}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return EmailMessage(subject, body, to=[alert.email], headers=headers)

    def send(self, pk):
        """Queue the digest of the due alert `pk` if anything new matches, and move its watermark, in one
        transaction; whether a digest was queued. The alert is locked and read again: two runs at once never send
        the same digest, and one unsubscribed meanwhile gets none."""
        with transaction.atomic():
            alert = SearchAlert.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if alert is None or alert.covered_until >= self.until:
                return False
            with translation.override(alert.language):  # the text is stemmed, the e-mail written, in its language
                practices = self.new_practices(alert)
                if practices is None:
                    logger.warning("Search alert %s: its search cannot run any more: %s", alert.pk, alert.query)
                if practices:
                    queue_email(self.message(alert, practices))
                    alert.last_sent_at = self.now
            alert.covered_until = self.until
            alert.save(update_fields=["covered_until", "last_sent_at"])
        return bool(practices)

    def send_due(self):
        """Send every due digest; (alerts considered, digests queued)."""
        considered = queued = 0
        for frequency in SearchAlert.Frequency.values:
            due = SearchAlert.objects.due(frequency, self.now).order_by("pk").values_list("pk", flat=True)
            for pk in list(due):  # ids only: 100,000 alerts are under a megabyte
                considered += 1
                queued += self.send(pk)
        return considered, queued


def purge_unconfirmed(now=None):
    """Delete the alerts left unconfirmed for more than a year; how many."""
    deleted, _ = SearchAlert.objects.stale_unconfirmed(now or timezone.now()).delete()
    return deleted
