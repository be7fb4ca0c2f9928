"""Accounts: what the portal adds to Django's account views (wired in secon_portal/urls.py).

The lockout page of django-axes, a password reset that also reaches users who have not chosen a
password yet and unlocks their user name, and the invitation e-mail that staff send from the admin.
"""

import hashlib
import math
import unicodedata

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from regions.models import Membership
from secon_portal.mail import queue_email
from secon_portal.unavailable import CACHE_ERRORS, log_outage


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


# How often one address (and one e-mail address) may ask for a new password.
PASSWORD_RESETS_PER_HOUR = 3


class PortalPasswordResetForm(PasswordResetForm):
    """Django's password reset form, which also reaches active users who have never set a password.

    Staff may create a user without a password and invite them (invitation_email); when the invitation
    has expired, the user asks for a new link here. The portal knows no other way to log in, so a user
    without a password is simply one who has not chosen it yet.

    Whether an address belongs to an account never shows: the next page reads the same either way, and
    it comes as fast, because the request only enqueues a job (send_password_reset) for any address; the
    worker looks the address up and sends the e-mail. A client address, and an e-mail address, may ask
    PASSWORD_RESETS_PER_HOUR times an hour.
    """

    def __init__(self, *args, client_address=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_address = client_address

    def clean_email(self):
        email = self.cleaned_data["email"]
        folded = unicodedata.normalize("NFKC", email).casefold()
        keys = [f"password-reset:address:{self.client_address}", f"password-reset:email:{sha256(folded)}"]
        if not all(_counted_within_limit(key) for key in keys):
            raise forms.ValidationError(
                _(
                    "A new password was asked for too often, from this connection or for this e-mail address: "
                    "at most %(count)d times an hour. Please try again in an hour."
                ),
                code="too_many_requests",
                params={"count": PASSWORD_RESETS_PER_HOUR},
            )
        return email

    def save(self, domain_override=None, use_https=False, request=None, extra_email_context=None, **kwargs):
        """Enqueue the lookup and the e-mail, for any address (see the class's description)."""
        send_password_reset.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or request.get_host(),
            use_https=use_https,
            language=translation.get_language(),
            extra_email_context=extra_email_context or {},
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Called by Django's save() in the worker: the e-mail itself goes through the queue too, with its retries."""
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
        queue_email(EmailMessage(subject, body, from_email, [to_email]))

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        # iexact in the database, then the same Unicode-aware comparison as Django's own form.
        return (user for user in users if _same_address(email, getattr(user, email_field)))


def _counted_within_limit(key):
    """Count one more request under `key` (for an hour from the first); whether it stays within the limit.

    With Redis out of reach the request is let through uncounted (a warning is logged): a user who forgot
    their password is not turned away during a cache restart, and the few e-mails more that an outage of
    seconds allows are a smaller harm; the count goes on when the cache is back.
    """
    try:
        cache.add(key, 0, timeout=60 * 60)
        try:
            return cache.incr(key) <= PASSWORD_RESETS_PER_HOUR
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=60 * 60)
            return True
    except CACHE_ERRORS as error:
        log_outage("Password resets could not be counted", error)
        return True


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


@task()
def send_password_reset(email, domain, use_https, language, extra_email_context):
    """Find the active accounts with `email` and queue each a link to choose a new password."""
    form = PortalPasswordResetForm({"email": email})
    form.cleaned_data = {"email": email}  # checked when the request was made; not counted again
    with translation.override(language):
        PasswordResetForm.save(
            form,
            domain_override=domain,
            use_https=use_https,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context=extra_email_context,
        )


class PortalPasswordResetView(PasswordResetView):
    """Django's view, giving the form the client's address (through a proxy, as django-axes reads it)."""

    form_class = PortalPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client_address": get_client_ip_address(self.request)}


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


@receiver(user_logged_in, dispatch_uid="secon_portal.accounts.forget_own_failures")
def forget_own_failures(sender, request, user, **kwargs):
    """A successful log-in clears the failures of its user name, not those of its address (see settings)."""
    axes_reset(username=user.get_username())


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
