"""Public pages of the regions, their partners and their policy instruments."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from regions.models import JointAssessment, Partner, PolicyInstrument, Region

PRACTICES_PER_PAGE = 20
OTHER_REGIONS_PER_PAGE = 50


def partners_lead_first():
    return Partner.objects.order_by("-is_lead", "name")


def practice_page(request, practices):
    """Context for one page of `practices`, newest first, with what the list shows of each."""
    practices = practices.order_by("-published_at", "-pk").select_related("region").prefetch_related("themes")
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "practices": page.object_list,
    }


class RegionListView(ListView):
    """The partner regions with their partners and counts, then the other regions with published practices."""

    context_object_name = "partner_regions"

    def get_queryset(self):
        return (
            Region.objects.partner_regions()
            .with_published_practice_counts()
            .with_event_counts()
            .prefetch_related(Prefetch("partners", queryset=partners_lead_first()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        other_regions = (
            Region.objects.outside_partner_regions()
            .with_published_practices()
            .with_published_practice_counts()
            .order_by("code")
        )
        page = Paginator(other_regions, OTHER_REGIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            other_regions=page.object_list,
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number),
        )
        return context


class RegionDetailView(DetailView):
    """A region by its NUTS code: its profile, partners, policy instruments, practices, events and transfers."""

    context_object_name = "region"

    def get_object(self, queryset=None):
        # NUTS codes are upper case: /regions/el65/ finds EL65 (and redirects, see get()).
        return get_object_or_404(Region.objects.select_related("parent"), code=self.kwargs["code"].upper())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.code != kwargs["code"]:
            return redirect(self.object, permanent=True)  # one address per region: /regions/EL65/
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        partners = list(partners_lead_first().filter(region=region))
        context.update(practice_page(self.request, region.published_practices()), partners=partners)
        if partners:
            events = region.hosted_events().select_related("event_type")
            context.update(
                instruments=region.instruments(),
                upcoming_events=events.upcoming(),
                undated_events=events.filter(start__isnull=True),
                past_events=events.past(),
                transfers=region.transfers().select_related(
                    "partner", "policy_instrument", "practice__region", "practice__partner"
                ),
            )
        return context


class PolicyInstrumentDetailView(DetailView):
    """A policy instrument: the improvement sought, joint assessments, relevant practices and transfers."""

    context_object_name = "instrument"

    def get_queryset(self):
        assessments = JointAssessment.objects.prefetch_related(
            Prefetch("reviewing_partners", queryset=Partner.objects.order_by("name"))
        )
        return PolicyInstrument.objects.select_related("region", "partner").prefetch_related(
            Prefetch("assessments", queryset=assessments)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instrument = self.object
        context.update(
            practice_page(self.request, instrument.published_practices()),
            transfers=instrument.published_transfers().select_related(
                "partner", "practice__region", "practice__partner"
            ),
        )
        return context
