"""/healthz: the app server's health, for load balancers and monitoring (secon_portal/health.py)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from secon_portal import health


@never_cache  # never kept by a cache, the page cache included: each answer is measured now
@require_safe
def healthz(request):
    healthy, result = health.report()
    return JsonResponse(result, status=200 if healthy else 503)
