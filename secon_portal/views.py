"""The portal's own public pages (home, about) and the language switch.

Error pages use Django's default handlers with templates/404.html and templates/500.html.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import translation
from django.views import i18n
from django.views.generic import TemplateView

from events.models import Event, EventType
from practices.models import GoodPractice, Theme, is_reviewer
from regions.countries import Country
from regions.models import Partner

LATEST_PRACTICES = 6
NEXT_EVENTS = 3


def home(request):
    """The four focus objectives, the latest practices, the next events, the progress, the partners."""
    themes = Theme.objects.with_published_counts()
    latest_practices = GoodPractice.objects.published().select_related("region", "partner")[:LATEST_PRACTICES]
    next_events = Event.objects.upcoming().select_related("event_type")[:NEXT_EVENTS]
    partners = Partner.objects.select_related("region").order_by("-is_lead", "name")
    return render(
        request,
        "home.html",
        {
            "themes": themes,
            "latest_practices": latest_practices,
            "next_events": next_events,
            "partners": partners,
            **project_progress(),
        },
    )


def partners_with_regional_practices():
    """Each partner with `published_in_region`: the published practices located in its region or inside it.

    A region contains the regions whose NUTS code starts with its own (EL65 contains EL651). One query.
    """
    in_region = (
        GoodPractice.objects.published()
        .filter(
            region__country=OuterRef("region__country"),  # indexed; narrows the prefix match to one country
            region__code__startswith=OuterRef("region__code"),
        )
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return (
        Partner.objects.select_related("region")
        .annotate(published_in_region=Subquery(in_region, output_field=IntegerField()))
        .order_by("region__code", "name")
    )


def project_progress():
    """The progress against the brochure's targets, in two queries.

    Events held per event type (and per partner country where the target is per country), and the
    practices published per partner region.
    """
    partners = list(partners_with_regional_practices())
    countries = sorted({partner.region.country for partner in partners}, key=lambda code: str(Country(code).label))
    event_progress = [event_type.progress(countries) for event_type in EventType.objects.with_progress()]
    return {"event_progress": event_progress, "partner_regions": partners}


class AboutView(TemplateView):
    """The project as its brochure describes it; static text, no database."""

    template_name = "about.html"


def set_language(request):
    """Django's set_language, resolving `next` in the language of the page the visitor comes from.

    set_language translates `next` by resolving it in the language active for its own request (the
    cookie or the browser's preference). With unprefixed English URLs that fails whenever that
    language differs from the page's (/de/about/ seen without a cookie), and the visitor would be sent
    back to the page in the old language.
    """
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    page_language = translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        return i18n.set_language(request)


@login_required
def after_login(request):
    """Where a user lands after logging in: partners on their practices, reviewers on the queue, staff in the admin."""
    user = request.user
    if user.memberships.exists():
        return redirect("practices:my-practices")
    if is_reviewer(user):
        return redirect("practices:review-queue")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("home")
