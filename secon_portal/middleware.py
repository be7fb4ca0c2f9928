from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy of settings.CONTENT_SECURITY_POLICY on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with the headers of GET (Content-Length included) and no body, as HTTP asks.

    Django renders the body of a HEAD request like that of a GET; a WSGI server that has to drop it writes a
    warning to its log for every such request (gunicorn does). Placed outside CommonMiddleware, which sets
    Content-Length from the body first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.close()
                response.streaming_content = []
            else:
                response.content = b""
        return response


class RejectNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query, cookies or form fields.

    No code or slug has one, and PostgreSQL cannot store one in a text: turned away at the door, it never
    reaches a query (where it would be a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest("A NUL character is not allowed in a request.", content_type="text/plain")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return any("\x00" in name or "\x00" in value for name, values in request.POST.lists() for value in values)
        return False


class PrivatePagesMiddleware:
    """Pages for a logged-in user are theirs alone: no cache keeps them (Cache-Control: private, no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
