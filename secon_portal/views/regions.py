"""The pages of the regions and their policy instruments, with the practices, events and transfers of each."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from events.models import Event
from practices.facet_counts import value_counts
from practices.models import GoodPractice, TransferInterest
from regions.models import JointAssessment, Partner, PolicyInstrument, Region
from secon_portal.db import count_of
from secon_portal.paginators import CountedPaginator

PRACTICES_PER_PAGE = 20
OTHER_REGIONS_PER_PAGE = 50


def partners_lead_first():
    return Partner.objects.order_by("-is_lead", "name")


def with_practice_counts(regions):
    """`regions` (a list), each with `published_practice_count`: its published practices and those within it."""
    counts = value_counts({"region": [region.code for region in regions]})["region"]
    for region in regions:
        region.published_practice_count = counts.get(region.code, 0)
    return regions


def practice_page(request, practices, total=None):
    """Context for one page of `practices`, newest first; `total`: their number, when the facet index has it."""
    practices = practices.order_by("-published_at", "-pk").for_cards()
    total = practices.count() if total is None else total
    page = CountedPaginator(practices, PRACTICES_PER_PAGE, total=total).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "practices": page.object_list,
    }


class RegionListView(ListView):
    """The partner regions with their partners and counts, then the other regions with published practices."""

    context_object_name = "partner_regions"
    template_name = "regions/region_list.html"

    def get_queryset(self):
        hosted_events = Event.objects.not_cancelled().filter(host__region=OuterRef("pk"))
        regions = (
            Region.objects.partner_regions()
            .annotate(event_count=count_of(hosted_events))
            .prefetch_related(Prefetch("partners", queryset=partners_lead_first()))
        )
        return list(regions)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        located_here = GoodPractice.objects.published().filter(region=OuterRef("pk"))
        other_regions = Region.objects.outside_partner_regions().filter(Exists(located_here)).order_by("code")
        page = Paginator(other_regions, OTHER_REGIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        with_practice_counts(self.object_list + list(page.object_list))
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
        total = value_counts({"region": [region.code]})["region"].get(region.code, 0)
        practices = practice_page(self.request, GoodPractice.objects.published().within(region), total)
        context.update(practices, partners=partners)
        if partners:
            events = Event.objects.hosted_in(region).not_cancelled().select_related("event_type")
            context.update(
                instruments=region.instruments(),
                upcoming_events=events.upcoming(),
                undated_events=events.filter(start__isnull=True),
                past_events=events.past(),
                transfers=TransferInterest.objects.public()
                .filter(partner__region=region)
                .select_related("partner", "policy_instrument", "practice__region", "practice__partner"),
            )
        return context


class PolicyInstrumentDetailView(DetailView):
    """A policy instrument: the improvement sought, joint assessments, relevant practices and transfers."""

    context_object_name = "instrument"
    template_name = "regions/policyinstrument_detail.html"

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
            practice_page(self.request, GoodPractice.objects.published().filter(policy_instruments=instrument)),
            transfers=TransferInterest.objects.public()
            .filter(policy_instrument=instrument)
            .select_related("partner", "practice__region", "practice__partner"),
        )
        return context
