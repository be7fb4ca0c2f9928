"""What a visitor gets while the database or the cache is briefly out of reach (a restart, a fail-over).

Two answers, both 503 with Retry-After, neither needing the database:

- **Any request** that fails because PostgreSQL cannot be reached (Django's OperationalError or
  InterfaceError: refused, terminated, closed connection) or because Redis cannot (redis-py's
  ConnectionError or TimeoutError) gets the page of templates/503.html instead of the 500 page
  (`UnavailableMiddleware`). A failure in a view is caught on its way out of the view; one in another
  middleware (a session saved, the user loaded) is noticed through Django's got_request_exception
  signal and its 500 page swapped. Other database errors (an IntegrityError, a bug) stay 500s.
- **A form that saves what a user typed** (`keeps_text`, on the partners' practice form, their transfer
  interests and the reviewers' decision) shows the form again, with the user's text and the message
  SAVE_FAILED: first the full page as the view renders it (`show_again`), after dropping the broken
  connection, in case the database is already back; when that page cannot be rendered either, a plain
  page (templates/unavailable_form.html) with every value the user sent, the texts in text boxes and
  the rest hidden, that sends it all again to the same address. Nothing the user typed is lost, and no
  answer claims a save that did not happen: a save is answered with success only after its commit.

The cache itself fails open where that is safe (secon_portal/page_cache.py, practices/impact.py, the limit
on password resets in secon_portal/accounts.py): they call `log_outage` and carry on without the cache.
Warnings are logged at most once every LOG_EVERY_SECONDS per process and kind, with the number left out,
so that an outage under load does not flood the log.
"""

import logging
import re
import sys
import threading
import time
from functools import wraps

import redis.exceptions
from django import forms as django_forms
from django.contrib import messages
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
CACHE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
OUTAGE_ERRORS = DATABASE_ERRORS + CACHE_ERRORS
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 10

SAVE_FAILED = _(
    "Your changes could not be saved because the database is briefly unavailable. "
    "Your text is below: try again in a minute."
)
FILES_NOT_KEPT = _("Files you chose to upload with this form were not kept: choose them again.")
# What a form sends besides the user's own input: never shown, sent again as it came.
TECHNICAL = re.compile(r"^(csrfmiddlewaretoken|action|version|.*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)$")
TEXT_INPUTS = {"text", "email", "url", "number", "tel", "search", "date"}

_last_logged = {}
_log_lock = threading.Lock()


def is_outage(error):
    return isinstance(error, OUTAGE_ERRORS)


def log_outage(what, error):
    """A warning that `what` failed because of `error`: at most one every LOG_EVERY_SECONDS per `what`."""
    now = time.monotonic()
    with _log_lock:
        last, left_out = _last_logged.get(what, (None, 0))
        if last is not None and now - last < LOG_EVERY_SECONDS:
            _last_logged[what] = (last, left_out + 1)
            return
        _last_logged[what] = (now, 0)
    more = f" ({left_out} more since the last warning)" if left_out else ""
    logger.warning("%s: %s: %s%s", what, type(error).__name__, str(error).strip(), more)


def reset_database_connections():
    """Drop the connections that failed, so that the next query of this request connects anew."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # closed by the atomic block on its way out
        try:
            connection.close()
        except Exception:
            connection.connection = None


def _retry_later(response):
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged once above, throttled; not once more per request by Django as an error (which e-mails ADMINS).
    response._has_been_logged = True
    patch_cache_control(response, private=True, no_store=True)
    return response


def unavailable_response(request):
    """templates/503.html, rendered without a request context: nothing in it may need the database."""
    body = loader.get_template("503.html").render({"request_id": getattr(request, "id", "")})
    return _retry_later(HttpResponse(body, status=503))


@receiver(got_request_exception)
def _note_outage(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and is_outage(error):
        request.outage = error


class UnavailableMiddleware:
    """The 503 page for a request that failed because the database or the cache is out of reach.

    Placed outside every middleware that may use the database or the cache (sessions, authentication,
    the page cache) and inside the Content-Security-Policy one, so that the 503 page has its headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, "outage", None)
        if error is not None and response.status_code == 500:
            log_outage("A request failed outside the view", error)
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        log_outage("A page could not be shown", exception)
        _forget_user_if_unknown(request)
        return unavailable_response(request)


def keeps_text(*form_classes):
    """Decorate a view that saves what a user typed: when the database or the cache fails during a POST, the
    form comes back with the user's text and SAVE_FAILED (503), never an error page. Outermost decorator.

    `form_classes` label the values on the plain page: form classes, or (formset form class, prefix).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                if request.method != "POST" or getattr(request, "saved", False):
                    raise  # nothing typed is at risk: the 503 page of UnavailableMiddleware
                return _text_kept(request, error, form_classes)

        return wrapper

    return decorator


def show_again(request, render):
    """Tell keeps_text how to render the full page of the form again, bound to what was sent, should saving fail.

    `render()` returns the page's response (any status; it becomes 503).
    """
    request.show_again = render


def saved(request):
    """What the user typed is saved: a later failure of this request gets the plain 503 page."""
    request.saved = True


def _text_kept(request, error, form_classes):
    log_outage("A form could not be saved", error)
    reset_database_connections()
    render = getattr(request, "show_again", None)
    if render is not None:
        messages.error(request, SAVE_FAILED)
        try:
            return _retry_later(_as_unavailable(render()))
        except OUTAGE_ERRORS as again:
            log_outage("A form could not be shown again", again)
            reset_database_connections()
    _forget_user_if_unknown(request)
    return _plain_form_page(request, form_classes)


def _as_unavailable(response):
    response.status_code = 503
    response.reason_phrase = "Service Unavailable"
    return response


def _forget_user_if_unknown(request):
    """A user the database could not give stays unknown: later middleware (PrivatePagesMiddleware) asking who it
    is would try the database again, fail, and turn the answer into a 500 page."""
    from django.contrib.auth.models import AnonymousUser  # not at import: page_cache imports this module early

    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        request.user = AnonymousUser()


def _pending_messages(request):
    """Messages waiting for this request (other than SAVE_FAILED, which the page states itself)."""
    try:
        return [message for message in messages.get_messages(request) if message.message != SAVE_FAILED]
    except OUTAGE_ERRORS:
        return []


def _known_fields(form_classes):
    """[(pattern of the POST name, field)] for the fields of `form_classes`."""
    known = []
    for spec in form_classes:
        form_class, prefix = spec if isinstance(spec, tuple) else (spec, None)
        for name, field in _fields_of(form_class).items():
            pattern = rf"{re.escape(prefix)}-(?P<number>\d+)-{re.escape(name)}" if prefix else re.escape(name)
            known.append((re.compile(pattern), field))
    return known


def _fields_of(form_class):
    """The fields of a form class; of a plain Form, those its __init__ adds too (it needs no database)."""
    if not issubclass(form_class, django_forms.models.BaseModelForm):
        try:
            return form_class().fields
        except TypeError:  # it needs arguments
            pass
    return form_class.base_fields


def _is_text(field):
    widget = field.widget
    if isinstance(widget, django_forms.Textarea):
        return True
    return isinstance(widget, django_forms.widgets.Input) and widget.input_type in TEXT_INPUTS


def posted_values(request, form_classes=()):
    """(texts, hidden): the user's texts as (name, label, value), the rest as (name, value), in the order sent."""
    known = _known_fields(form_classes)
    texts, hidden = [], []
    for name, values in request.POST.lists():
        if name in ("csrfmiddlewaretoken", "action"):
            continue  # a new token comes with the page; the action is the button's
        field, number = None, None
        for pattern, candidate in known:
            match = pattern.fullmatch(name)
            if match:
                field, number = candidate, match.groupdict().get("number")
                break
        shown = field is not None and _is_text(field) and not TECHNICAL.match(name)
        for value in values:
            if shown and value.strip():
                label = str(field.label or name)
                if number is not None:
                    label = f"{label} ({int(number) + 1})"
                texts.append((name, label, value))
            else:
                hidden.append((name, value))
    return texts, hidden


def _plain_form_page(request, form_classes):
    texts, hidden = posted_values(request, form_classes)
    context = {
        "message": SAVE_FAILED,
        "files_not_kept": FILES_NOT_KEPT if request.FILES else "",
        "pending_messages": _pending_messages(request),
        "texts": texts,
        "hidden": hidden,
        "action": request.POST.get("action", ""),
        "form_url": request.get_full_path(),
        "request_id": getattr(request, "id", ""),
    }
    body = loader.render_to_string("unavailable_form.html", context, request=request)
    return _retry_later(HttpResponse(body, status=503))
