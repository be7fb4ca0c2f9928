"""Where a user lands after logging in, and the language switch."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import translation
from django.views import i18n

from practices import rules


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
    if rules.is_reviewer(user):
        return redirect("practices:review-queue")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("home")
