"""The reviewers' queue and review page.

Only reviewers (practices.rules.can_review) get here: the queue answers 403 to anyone else who is
logged in, the review page of a practice 404 (nothing about an unpublished practice leaks). Every
decision goes through the workflow methods, through ReviewForm.decide().
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practices import diff, rules
from practices.access import get_practice_for_review
from practices.forms.review import ReviewForm
from practices.models import GoodPractice, Review, State
from practices.views.dashboard import recent_notifications


@dataclass(frozen=True)
class Changes:
    """What changed, for the reviewer: against what (`basis`), since when, and the field-by-field changes."""

    basis: str  # "new", "revision" or "resubmission"
    changes: list
    since: object = None  # the previous submission (a Review), for a resubmission


def submitted_queue():
    """Submitted practices and revisions, oldest submission first, each with `submissions`: its latest submission."""
    submissions = Review.objects.filter(to_state=State.SUBMITTED)
    latest = submissions.filter(practice=OuterRef("pk")).order_by("-created_at", "-pk").values("created_at")[:1]
    return (
        GoodPractice.objects.filter(state=State.SUBMITTED)
        .annotate(submitted_at=Subquery(latest))
        .select_related("partner", "region", "revision_of")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=submissions.select_related("actor").order_by("-created_at", "-pk")[:1],
                to_attr="submissions",
            )
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


@login_required
def review_queue(request):
    if not rules.can_review(request.user):
        raise PermissionDenied(_("The review queue is for the project's reviewers."))
    notifications = recent_notifications(request.user)
    return render(
        request,
        "practices/review_queue.html",
        {
            "practices": list(submitted_queue()),
            "notifications": notifications,
            "any_unread": any(notification.read_at is None for notification in notifications),
        },
    )


def changes_for_review(practice):
    """What changed since the last published version.

    A revision: against the published practice it changes. A resubmission after changes were requested:
    against the version that was submitted before. A first submission: it is new.
    """
    if practice.revision_of_id:
        old = diff.snapshot_of_practice(practice.revision_of)
        return Changes("revision", diff.compare(old, diff.snapshot_of_practice(practice)))
    submissions = list(practice.reviews.filter(to_state=State.SUBMITTED).order_by("-created_at", "-pk")[:2])
    if practice.state == State.SUBMITTED:
        submissions = submissions[1:]  # the latest is the one under review
    if not submissions:
        return Changes("new", [])
    previous = submissions[0]
    record = (
        practice.history.filter(history_date__lte=previous.created_at).order_by("-history_date", "-history_id").first()
    )
    if record is None:
        return Changes("new", [])
    (old,) = diff.snapshots_of_records(record)
    return Changes("resubmission", diff.compare(old, diff.snapshot_of_practice(practice)), previous)


@login_required
@require_http_methods(["GET", "POST"])
def practice_review(request, slug):
    """The practice as it will be published, what changed, the seven criteria and the decision (POST)."""
    practice = get_practice_for_review(request.user, slug, GoodPractice.objects.with_page_details())
    form = ReviewForm(request.POST) if request.method == "POST" else ReviewForm()
    if request.method == "POST" and form.is_valid():
        review = form.decide(practice, request.user)
        if review is not None:
            if review.to_state == State.PUBLISHED:
                messages.success(request, _("The practice is published."))
                # A published revision no longer exists: its content is now the published practice's.
                return redirect(review.practice.get_absolute_url())
            messages.success(request, _("Changes were requested; the partner's editors have been told."))
            return redirect("practices:review-queue")
    return render(
        request,
        "practices/review.html",
        {
            "practice": practice,
            "form": form,
            "changes": changes_for_review(practice),
            "steps": practice.reviews.select_related("actor").order_by("created_at", "pk"),
            "awaiting_review": practice.state == State.SUBMITTED,
        },
    )
