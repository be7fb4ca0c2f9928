"""One access helper per owned object: fetch it with what its pages need, or answer 404.

Anything a user may not see is a 404, never a 403, so that nothing leaks (DESIGN.md section 5).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from practices.models import GoodPractice, Notification, State, TransferInterest, is_reviewer
from regions.models import Membership, Partner


def get_visible_practice(user, slug, queryset=None):
    """The practice with `slug` if `user` may read it: published, their own partner's, or staff's.

    `queryset` (a GoodPractice queryset, e.g. with prefetches for a page) defaults to all practices.
    """
    queryset = GoodPractice.objects.all() if queryset is None else queryset
    queryset = queryset.visible_to(user).select_related("region", "partner__region")
    return get_object_or_404(queryset, slug=slug)


def get_editor_partners(user):
    """The partners for which `user` writes practices (active editor memberships); 403 when there are none."""
    partners = Partner.objects.none()
    if user.is_authenticated and user.is_active:
        partners = Partner.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.EDITOR
        ).select_related("region")
    partners = list(partners.order_by("name"))
    if not partners:
        raise PermissionDenied
    return partners


def get_practice_of_editor(user, slug):
    """The practice with `slug` if `user` is an editor of its partner, whatever its state.

    404 when `user` may not even see it (another partner's unpublished practice: nothing leaks);
    403 when they may see it but not change it (a published practice of another partner, a reviewer,
    a member who is not an editor). Whether its state allows editing is for the caller to say
    (GoodPractice.is_editable_by).
    """
    practice = get_visible_practice(user, slug, GoodPractice.objects.select_related("revision_of"))
    if not practice.is_editor(user):
        raise PermissionDenied
    return practice


# -- the dashboard, review, revision history and transfers (practices/views/{dashboard,review,history,transfers}.py)


def get_own_notification(user, pk):
    """The notification `pk` if it is addressed to `user`; 404 for anyone else's."""
    return get_object_or_404(Notification.objects.filter(recipient_id=user.pk), pk=pk)


def get_practice_for_review(user, slug, queryset=None):
    """The practice (or revision) with `slug`, in any state, for a reviewer; 404 for everyone else."""
    if not is_reviewer(user):
        raise Http404
    queryset = GoodPractice.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.select_related("region", "partner__region", "revision_of"), slug=slug)


def may_see_history(user):
    return user.is_active and user.is_staff and user.has_perm("practices.view_goodpractice")


def get_practice_for_history(user, slug):
    """The practice with `slug` for staff who may view practices; 404 for everyone else."""
    if not may_see_history(user):
        raise Http404
    return get_object_or_404(GoodPractice.objects.select_related("partner", "revision_of"), slug=slug)


def get_practice_to_restore(user, slug):
    """As get_practice_for_history(), and 403 for staff who may view practices but not change them."""
    practice = get_practice_for_history(user, slug)
    if not user.has_perm("practices.change_goodpractice"):
        raise PermissionDenied
    return practice


def get_transfer_practice(slug):
    """The published practice with `slug` (with its partner); 404 for any other, whoever asks."""
    return get_object_or_404(GoodPractice.objects.published().select_related("partner"), slug=slug)


def get_transfer_partners(user, practice):
    """The partners for which `user` may declare an interest in `practice`: those they are an active editor of,
    other than the practice's own. 403 when there are none (the practice's own partner, staff, contacts)."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    partners = list(
        Partner.objects.filter(memberships__user=user, memberships__role=Membership.Role.EDITOR)
        .exclude(pk=practice.partner_id)
        .order_by("name")
    )
    if not partners:
        raise PermissionDenied
    return partners


def get_own_transfer_interest(user, pk):
    """The transfer interest `pk` in a published practice, if `user` is an active editor of the interested
    partner; 404 for anyone else."""
    if not (user.is_authenticated and user.is_active):
        raise Http404
    interests = TransferInterest.objects.filter(
        practice__state=State.PUBLISHED,
        partner__memberships__user=user,
        partner__memberships__role=Membership.Role.EDITOR,
    ).select_related("practice__partner", "partner")
    return get_object_or_404(interests, pk=pk)
