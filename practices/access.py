"""One access helper per owned object: fetch it with what its page needs, or answer 404 (or 403).

The rules themselves are in practices/rules.py. Anything a user may not see is a 404, never a 403,
so that nothing leaks (DESIGN.md section 5); a 403 says "you may see this, but not do that".
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from practices import rules
from practices.models import GoodPractice, Notification, State, TransferInterest
from regions.models import Membership


def get_visible_practice(user, slug, queryset=None):
    """The practice with `slug` if `user` may read it (rules.can_see).

    `queryset` (a GoodPractice queryset, e.g. with prefetches for a page) defaults to all practices.
    """
    queryset = GoodPractice.objects.all() if queryset is None else queryset
    queryset = queryset.visible_to(user).select_related("region", "partner__region", "revision_of")
    return get_object_or_404(queryset, slug=slug)


def get_editor_partners(user):
    """The partners for which `user` writes practices; 403 when there are none."""
    partners = list(rules.editor_partners(user).select_related("region").order_by("name"))
    if not partners:
        raise PermissionDenied
    return partners


def get_practice_of_editor(user, slug):
    """The practice with `slug` if `user` is an editor of its partner, whatever its state.

    404 when `user` may not even see it (another partner's unpublished practice: nothing leaks);
    403 when they may see it but not change it (a published practice of another partner, a reviewer,
    a member who is not an editor). Whether its state allows a step is for the rules to say.
    """
    practice = get_visible_practice(user, slug)
    if not rules.is_editor_of(user, practice.partner_id):
        raise PermissionDenied
    return practice


def get_own_notification(user, pk):
    """The notification `pk` if it is addressed to `user`; 404 for anyone else's."""
    return get_object_or_404(Notification.objects.filter(recipient_id=user.pk), pk=pk)


def get_practice_for_review(user, slug, queryset=None):
    """The practice (or revision) with `slug`, in any state, for a reviewer; 404 for everyone else."""
    if not rules.can_review(user):
        raise Http404
    queryset = GoodPractice.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.select_related("region", "partner__region", "revision_of"), slug=slug)


def get_practice_for_history(user, slug):
    """The practice with `slug` for staff who may see its history; 404 for everyone else."""
    if not rules.can_see_history(user):
        raise Http404
    return get_object_or_404(GoodPractice.objects.select_related("partner", "revision_of"), slug=slug)


def get_practice_to_restore(user, slug):
    """As get_practice_for_history(), and 403 for staff who may see the history but not restore it."""
    practice = get_practice_for_history(user, slug)
    if not rules.can_restore(user):
        raise PermissionDenied
    return practice


def get_transfer_practice(user, slug):
    """The published practice with `slug` and the partners for which `user` may declare an interest in it.

    404 for a practice that is not published, whoever asks; 403 when `user` may declare for no partner.
    """
    practice = get_object_or_404(GoodPractice.objects.published().select_related("partner"), slug=slug)
    partners = rules.transfer_partners(user, practice)
    if not partners:
        raise PermissionDenied
    return practice, partners


def get_own_transfer_interest(user, pk):
    """The transfer interest `pk` in a published practice, if `user` is an active editor of the interested
    partner; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404
    editing = Membership.objects.active_editors().filter(user=user)
    interests = TransferInterest.objects.filter(
        practice__state=State.PUBLISHED, partner__memberships__in=editing
    ).select_related("practice__partner", "partner")
    return get_object_or_404(interests, pk=pk)
