"""Accounts: what the portal adds to Django's account views (wired in secon_portal/urls.py).

The lockout page of django-axes, a password reset that also reaches users who have not chosen a
password yet and unlocks their user name, and the invitation e-mail that staff send from the admin.
"""

import math
import unicodedata

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import EmailMessage
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from regions.models import Membership


def lockout(request, original_response=None, credentials=None):
    """What django-axes answers (HTTP 429) while a user name or an address is locked out.

    The page is the same whichever counter tripped and whether the account exists, so that it tells
    nothing about accounts; it names no user.
    """
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class PortalPasswordResetForm(PasswordResetForm):
    """Django's password reset form, which also reaches active users who have never set a password.

    Staff may create a user without a password and invite them (invitation_email); when the invitation
    has expired, the user asks for a new link here. The portal knows no other way to log in, so a user
    without a password is simply one who has not chosen it yet. Whether an address belongs to an
    account never shows: the next page reads the same either way.
    """

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        # iexact in the database, then the same Unicode-aware comparison as Django's own form.
        return (user for user in users if _same_address(email, getattr(user, email_field)))


def _same_address(first, second):
    return unicodedata.normalize("NFKC", first).casefold() == unicodedata.normalize("NFKC", second).casefold()


class PortalPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's view behind the link of a reset or invitation e-mail, which also unlocks the user name.

    The lockout page offers "reset your password" as the way out: once the user has proved that they
    own the account's e-mail address and chosen a new password, the failed attempts against their
    user name no longer count (those of an address still do).
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


def link_validity_days():
    """How many days a set-password link works (settings.PASSWORD_RESET_TIMEOUT, rounded up)."""
    return max(1, math.ceil(settings.PASSWORD_RESET_TIMEOUT / (24 * 60 * 60)))


def invitation_email(user, request, language=None):
    """The invitation e-mail for `user`: who they are on the portal, and a link to set their password.

    The link is Django's password reset link (password_reset_confirm with the user's id and a token),
    absolute, for the host and scheme of `request`; it works once, until the user sets a password or
    the token expires. The e-mail names the partner organisations the user works for and the role in
    each. It is written in `language`, by default the active one (the staff member's: users have no
    language of their own), and so is the link.
    """
    with translation.override(language or translation.get_language()):
        confirm_path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        memberships = Membership.objects.filter(user=user).select_related("partner").order_by("partner__name")
        context = {
            "user": user,
            "name": user.get_full_name() or user.get_username(),
            "username": user.get_username(),
            "memberships": [(membership.partner.name, membership.get_role_display()) for membership in memberships],
            "set_password_url": request.build_absolute_uri(confirm_path),
            "login_url": request.build_absolute_uri(reverse("login")),
            "valid_days": link_validity_days(),
        }
        subject = render_to_string("registration/invitation_subject.txt", context)
        body = render_to_string("registration/invitation_email.txt", context)
    # A header cannot span lines.
    subject = " ".join(subject.split())
    return EmailMessage(subject, body, to=[user.email])
