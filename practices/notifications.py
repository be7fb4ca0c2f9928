"""Who hears of a workflow step: a Notification row for their dashboard, and an e-mail.

Receivers of practices.models.workflow.transitioned, which is sent inside the step's transaction:
the Notification rows and the e-mails' jobs (secon_portal.mail) are written in it, and vanish with it if
it rolls back, so that nothing is sent for a step that did not happen and nothing is lost for one that did.

- published, changes requested: every active editor of the practice's partner;
- submitted: every reviewer (active staff with practices.review_goodpractice, directly, through a
  group, or as a superuser: whom rules.is_reviewer() accepts).
Whoever took the step is not told about it. Once a reviewer has decided on a submission, every
reviewer's notification of it is done (marked read): the queue shows only what still waits.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from practices.models import Notification, State
from practices.models.workflow import transitioned
from regions.models import Membership
from secon_portal.mail import queue_email
from secon_portal.models import language_of

# The step -> the e-mail templates under templates/practices/email/ (<name>_subject.txt, <name>_body.txt).
TEMPLATES = {
    State.PUBLISHED: "published",
    State.CHANGES_REQUESTED: "changes_requested",
    State.SUBMITTED: "submitted",
}


def portal_url(path=""):
    """`path` as an absolute URL on the portal's public address (settings.PORTAL_URL)."""
    return settings.PORTAL_URL + path


def reviewers():
    """The users whom rules.is_reviewer() accepts, in one query."""
    permission = Permission.objects.filter(content_type__app_label="practices", codename="review_goodpractice")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
        .distinct()
    )


def partner_editors(practice):
    """The active editors of the practice's partner."""
    editing = Membership.objects.active_editors().filter(partner_id=practice.partner_id)
    return get_user_model().objects.filter(memberships__in=editing)


def recipients_of(practice, review):
    if review.to_state in (State.PUBLISHED, State.CHANGES_REQUESTED):
        users = partner_editors(practice)
    elif review.to_state == State.SUBMITTED:
        users = reviewers()
    else:
        return []
    if review.actor_id:
        users = users.exclude(pk=review.actor_id)
    return list(users.select_related("profile").order_by("pk"))


def links_for(practice, review):
    """The absolute links an e-mail about this step carries."""
    links = {
        "practice": portal_url(practice.get_absolute_url()),
        "dashboard": portal_url(reverse("practices:my-practices")),
    }
    if review.to_state == State.SUBMITTED:
        links["review"] = portal_url(reverse("practices:practice-review", args=[practice.slug]))
    if review.to_state == State.CHANGES_REQUESTED:
        links["edit"] = portal_url(reverse("practices:practice-edit", args=[practice.slug]))
    return links


def build_messages(practice, review, users):
    """One plain-text e-mail per user with an address, in the user's language (links included)."""
    name = TEMPLATES[review.to_state]
    rendered = {}  # language -> (subject, body)
    messages = []
    for user in users:
        if not user.email:
            continue
        language = language_of(user)
        if language not in rendered:
            with translation.override(language):
                context = {
                    "practice": practice,
                    "original": practice.revision_of if practice.revision_of_id else None,
                    "review": review,
                    "actor": review.actor,
                    "links": links_for(practice, review),
                }
                subject = " ".join(render_to_string(f"practices/email/{name}_subject.txt", context).split())
                rendered[language] = subject, render_to_string(f"practices/email/{name}_body.txt", context)
        messages.append(EmailMessage(*rendered[language], to=[user.email]))
    return messages


@receiver(transitioned, dispatch_uid="practices.notifications.notify")
def notify(sender, practice, review, **kwargs):
    if review.from_state == State.SUBMITTED:
        Notification.objects.submission_handled(practice)
    users = recipients_of(practice, review)
    if not users:
        return
    Notification.objects.bulk_create(
        [Notification(recipient=user, review=review) for user in users], ignore_conflicts=True
    )
    for message in build_messages(practice, review, users):
        queue_email(message)
