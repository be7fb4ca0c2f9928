"""The addresses of the API, version 1: the endpoints, the OpenAPI schema and its interactive docs."""

from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from secon_portal.api.base import activate_reader_language
from secon_portal.api.events import EventViewSet
from secon_portal.api.practices import PracticeViewSet
from secon_portal.api.regions import InstrumentViewSet, NutsRegionViewSet, PartnerRegionViewSet

app_name = "api"


class ApiDocsView(TemplateView):
    """The API's interactive docs, in the reader's language (the address has no language prefix)."""

    template_name = "api/docs.html"

    def get(self, request, *args, **kwargs):
        activate_reader_language(request)
        return super().get(request, *args, **kwargs)


router = DefaultRouter()
router.root_view_name = "api-root"
router.register("practices", PracticeViewSet, basename="practice")
router.register("regions", PartnerRegionViewSet, basename="region")
router.register("nuts", NutsRegionViewSet, basename="nuts")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("", include(router.urls)),
]
