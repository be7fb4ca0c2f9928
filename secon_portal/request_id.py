"""One id per request, so that a visitor's report, the logs of every app server and the error e-mail meet.

nginx gives each request an id (`$request_id`, sent as X-Request-ID: deploy/nginx/locations.conf); without a
proxy, or when the header is not a plausible id, the portal makes one. The id is answered in the X-Request-ID
header, written on every log line of the request (`RequestIdFilter`), put in the subject of the error report
that goes to ADMINS (`ErrorReportHandler`) and shown on the 500 page, where the visitor can quote it.
"""

import contextvars
import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpResponseServerError
from django.template import loader
from django.utils.log import AdminEmailHandler
from django.views.decorators.csrf import requires_csrf_token

HEADER = "X-Request-ID"
# What a proxy may hand over: nginx's 32 hex digits, a UUID, or similar; nothing that could forge a log line.
PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
NO_REQUEST = "-"

_current = contextvars.ContextVar("request_id", default=NO_REQUEST)


def current_request_id():
    """The id of the request being answered in this thread, or "-" outside one (a command, the worker)."""
    return _current.get()


class RequestIdMiddleware:
    """Take the proxy's id or make one; keep it for the logs while the request runs; answer it in a header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.id = offered if PLAUSIBLE_ID.fullmatch(offered) else uuid.uuid4().hex
        # Kept until the response is finished, not only while the middleware runs: Django logs a 4xx answer
        # ("Not Found: /...") after the last middleware has returned.
        _current.set(request.id)
        response = self.get_response(request)
        response[HEADER] = request.id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs):
    _current.set(NO_REQUEST)


class RequestIdFilter:
    """Give every log record a `request_id` attribute, for the formatter's %(request_id)s."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


class ErrorReportHandler(AdminEmailHandler):
    """Django's e-mail to ADMINS, with the request id in the subject, to find the same request in the logs."""

    def format_subject(self, subject):
        request_id = current_request_id()
        if request_id != NO_REQUEST:
            subject = f"{subject} [request {request_id}]"
        return super().format_subject(subject)


@requires_csrf_token
def server_error(request):
    """The 500 page, with the request's id for the visitor to quote.

    Like Django's own view, it renders 500.html without a RequestContext: nothing there may need the
    database or a context processor, since either may be what failed.
    """
    body = loader.get_template("500.html").render({"request_id": getattr(request, "id", "")})
    return HttpResponseServerError(body)
