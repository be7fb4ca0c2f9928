""" "My practices": a partner member's dashboard, and their notifications."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices import rules
from practices.access import get_own_notification
from practices.models import GoodPractice, Notification, Review, State, TransferInterest
from regions.models import Membership

# The order of the groups on the dashboard.
STATE_ORDER = (State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.PUBLISHED, State.ARCHIVED)
GROUP_SIZE = 10  # the latest practices of each state on the dashboard; each state's own page lists them all
STATE_PAGE_SIZE = 20


@dataclass(frozen=True)
class StateGroup:
    state: str
    label: str
    practices: list
    total: int

    @property
    def more(self):
        """Whether the group shows only the latest of its practices (its own page has them all)."""
        return self.total > len(self.practices)


def state_groups(practices, limit):
    """A StateGroup for each state of STATE_ORDER: its total, and its `limit` latest practices."""
    totals = dict(practices.order_by().values_list("state").annotate(total=Count("pk")))
    groups = [
        StateGroup(
            state, State(state).label, list(latest_first(practices.filter(state=state))[:limit]), totals.get(state, 0)
        )
        for state in STATE_ORDER
    ]
    with_last_comment([practice for group in groups for practice in group.practices])
    return groups


def latest_first(practices):
    """`practices` with their partner and the practice a revision changes, the latest changed first."""
    return practices.select_related("partner", "revision_of").order_by("-updated_at", "-pk")


def with_last_comment(practices):
    """Give each of `practices` (a list) `last_comments`: a list holding its latest review step that has a comment,
    with who took it; one query for them all."""
    last_comment = Review.objects.exclude(comment="").select_related("actor").order_by("-created_at", "-pk")[:1]
    prefetch_related_objects(practices, Prefetch("reviews", queryset=last_comment, to_attr="last_comments"))
    return practices


@login_required
def my_practices(request):
    """The practices of the user's partner organisation(s), by state, the latest of each state first; with
    `?state=`, all the practices of one state, a page at a time. 403 for users who are no partner's members."""
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("partner", "user").order_by("partner__name")
    )
    if not memberships:
        raise PermissionDenied(_("“My practices” is for the members of the partner organisations."))
    partner_ids = [m.partner_id for m in memberships]
    own = GoodPractice.objects.filter(partner__in=partner_ids)
    state = request.GET.get("state")
    page = None
    if state in STATE_ORDER:
        paginator = Paginator(latest_first(own.filter(state=state)), STATE_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        groups = [StateGroup(state, State(state).label, with_last_comment(list(page.object_list)), paginator.count)]
    else:
        groups = state_groups(own, GROUP_SIZE)
    shown = [practice for group in groups for practice in group.practices]
    revisions = own.filter(revision_of__in=[practice.pk for practice in shown if practice.state == State.PUBLISHED])
    pending = {revision.revision_of_id: revision for revision in revisions}
    for practice in shown:
        practice.can_edit = rules.can_edit(request.user, practice)
        practice.can_revise = rules.can_revise(request.user, practice)
        practice.can_delete = rules.can_delete(request.user, practice)
        practice.pending = pending.get(practice.pk)  # the proposed changes to a published practice
    published = State.PUBLISHED
    transfers_in = TransferInterest.objects.filter(practice__partner__in=partner_ids, practice__state=published)
    transfers_out = TransferInterest.objects.filter(partner__in=partner_ids, practice__state=published)
    return render(
        request,
        "practices/dashboard.html",
        {
            "memberships": memberships,
            "several_partners": len(memberships) > 1,
            "can_create": any(membership.grants_editing for membership in memberships),
            "groups": groups,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number) if page else [],
            "page_query": f"state={state}" if page else "",
            "notifications": list(Notification.objects.recent_for(request.user)),
            "unread_count": Notification.objects.filter(recipient=request.user).unread().count(),
            "transfers_in": list(
                transfers_in.select_related("practice", "partner").order_by("practice__title", "partner__name")
            ),
            "transfers_out": list(
                transfers_out.select_related("practice", "partner").order_by("practice__title", "partner__name")
            ),
        },
    )


def _back(request, default="practices:my-practices"):
    """Where to go after marking: the page the form came from, if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@require_POST
@login_required
def notification_read(request, pk):
    """Mark one of the user's own notifications as read (404 for anyone else's)."""
    notification = get_own_notification(request.user, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return _back(request)


@require_POST
@login_required
def notifications_read_all(request):
    """Mark all of the user's notifications as read."""
    count = Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return _back(request)
