"""Where a user lands after logging in, their settings, and the choice of a language."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from practices import rules
from secon_portal.models import Profile, language_of

LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # a year


def remember_language(response, code):
    """Set the cookie that remembers the visitor's language (read by LocaleMiddleware and the home page)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=not settings.DEBUG,
        httponly=True,
    )
    return response


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
    return remember_language(redirect(target), code)


@login_required
def after_login(request):
    """Where a user lands after logging in, in their own language: partners on their practices, reviewers on the
    queue, staff in the admin."""
    user = request.user
    if user.memberships.exists():
        name = "practices:my-practices"
    elif rules.is_reviewer(user):
        name = "practices:review-queue"
    elif user.is_staff:
        name = "admin:index"
    else:
        name = "home"
    language = language_of(user)
    with translation.override(language):
        return remember_language(redirect(reverse(name)), language)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("language",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language in its own name, as in the language switcher: its readers find it whatever page they are on.
        self.fields["language"].choices = [
            (code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]


@login_required
def account_settings(request):
    """The user's own settings: the language of the portal's e-mails to them and of their pages."""
    profile, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if form.is_valid():
        form.save()
        language = profile.language
        with translation.override(language):
            messages.success(request, _("Your settings are saved."))
            return remember_language(redirect(reverse("account-settings")), language)
    return render(request, "registration/account_settings.html", {"form": form})
