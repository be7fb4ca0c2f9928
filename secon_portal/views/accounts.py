"""Where a user lands after logging in, and the choice of a language."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from practices import rules

LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # a year


def choose_language(request, code):
    """Go to the page `next` in the language `code`, and remember the choice for the next visit to the home page.

    The language switcher's links lead here (GET, no form, no CSRF cookie on the pages). Only this
    redirect sets the language cookie, so the pages themselves stay free of cookies (and cacheable).
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    # The page is resolved in its own language (/de/about/), then reversed in the chosen one.
    with translation.override(translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, code)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=not settings.DEBUG,
        httponly=True,
    )
    return response


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
