"""The portal's URLs and a bare view: a short HTML page through the same middleware, the benchmark's yardstick."""

from django.http import HttpResponse
from django.urls import path

from secon_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("<!DOCTYPE html><html lang=en><title>Bare</title><p>A bare Django view.</p>")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
