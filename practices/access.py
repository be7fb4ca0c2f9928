"""One access helper per owned object: fetch it with what its pages need, or answer 404.

Anything a user may not see is a 404, never a 403, so that nothing leaks (DESIGN.md section 5).
"""

from django.shortcuts import get_object_or_404

from practices.models import GoodPractice


def get_visible_practice(user, slug, queryset=None):
    """The practice with `slug` if `user` may read it: published, their own partner's, or staff's.

    `queryset` (a GoodPractice queryset, e.g. with prefetches for a page) defaults to all practices.
    """
    queryset = GoodPractice.objects.all() if queryset is None else queryset
    queryset = queryset.visible_to(user).select_related("region", "partner__region")
    return get_object_or_404(queryset, slug=slug)
