"""The home page and the About page."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from events.models import Event
from practices.facet_counts import value_counts
from practices.models import GoodPractice, Theme
from regions.models import Partner
from secon_portal.views.impact import partner_countries, progress_charts

LATEST_PRACTICES = 6
NEXT_EVENTS = 3


def home(request):
    """The four focus objectives, the latest practices, the next events, the progress, the partners.

    A visitor who comes to the home page at / (English, the address without a language) is taken to
    the home page in their language: the one they chose last time (the cookie that choose_language
    sets), or else the first of their browser's languages that the portal speaks.
    """
    if translation.get_language_from_path(request.path_info) is None:
        preferred = translation.get_language_from_request(request)
        if preferred != settings.LANGUAGE_CODE:
            response = redirect(translate_url(request.get_full_path(), preferred))
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
    themes = list(Theme.objects.all())
    partners = list(Partner.objects.select_related("region").order_by("region__code", "name"))
    counts = value_counts({"theme": None, "region": {partner.region.code for partner in partners}})
    for theme in themes:
        theme.published_count = counts["theme"].get(theme.slug, 0)
    for partner in partners:
        partner.published_in_region = counts["region"].get(partner.region.code, 0)
    latest_practices = GoodPractice.objects.published().select_related("region", "partner").with_card_image()
    latest_practices = latest_practices[:LATEST_PRACTICES]
    next_events = Event.objects.upcoming().not_cancelled().select_related("event_type")[:NEXT_EVENTS]
    response = render(
        request,
        "home.html",
        {
            "themes": themes,
            "latest_practices": latest_practices,
            "next_events": next_events,
            "partners": sorted(partners, key=lambda partner: (not partner.is_lead, partner.name)),
            **project_progress(partners),
        },
    )
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def project_progress(partners):
    """The progress against the brochure's targets: the charts of the events held, planned and cancelled per event
    type and per partner country (secon_portal/views/impact.py, one query). The practices published in each
    partner's region are on the partners' map (templates/includes/partner_map.html).

    `partners`: every partner, by the code of its region.
    """
    return {"progress": progress_charts(partner_countries(partners))}


class AboutView(TemplateView):
    """The project as its brochure describes it; static text, no database."""

    template_name = "about.html"
