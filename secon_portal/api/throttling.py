"""The API's limit per client address, counted in the cache (Redis in production).

When the cache cannot be reached, the request is let through uncounted and a warning is logged
(secon_portal/unavailable.py): the API is read-only and its answers are cheap, so a few minutes without a
limit harm less than an API that answers 503 to everybody while Redis restarts.
"""

from rest_framework import throttling

from secon_portal.unavailable import CACHE_ERRORS, log_outage


class AnonRateThrottle(throttling.AnonRateThrottle):
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            log_outage("The API's rate limit is out of reach", error)
            return True
