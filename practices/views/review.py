"""The reviewers' queue and review page.

Only reviewers (practices.rules.can_review) get here: the queue answers 403 to anyone else who is
logged in, the review page of a practice 404 (nothing about an unpublished practice leaks). Every
decision goes through the workflow methods, through ReviewForm.decide().
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practices import rules
from practices.access import get_practice_for_review
from practices.changes import changes_under_review
from practices.forms.review import ReviewForm
from practices.models import GoodPractice, Notification, State
from secon_portal import unavailable

QUEUE_PAGE_SIZE = 25  # submissions a page, the longest waiting first


@login_required
def review_queue(request):
    if not rules.can_review(request.user):
        raise PermissionDenied(_("The review queue is for the project's reviewers."))
    notifications = list(Notification.objects.recent_for(request.user))
    page = Paginator(GoodPractice.objects.awaiting_review(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/review_queue.html",
        {
            "practices": page.object_list,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "notifications": notifications,
            "any_unread": any(notification.read_at is None for notification in notifications),
        },
    )


@unavailable.keeps_text(ReviewForm)
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_review(request, slug):
    """The practice as it will be published, what changed, the seven criteria and the decision (POST)."""
    practice = get_practice_for_review(request.user, slug, GoodPractice.objects.with_page_details())
    form = ReviewForm(request.POST) if request.method == "POST" else ReviewForm()
    if request.method == "POST" and form.is_valid():
        unavailable.show_again(request, lambda: _review_page(request, practice, form))
        review = form.decide(practice, request.user)
        unavailable.saved(request)
        if review is not None:
            if review.to_state == State.PUBLISHED:
                messages.success(request, _("The practice is published."))
                # A published revision no longer exists: its content is now the published practice's.
                return redirect(review.practice.get_absolute_url())
            messages.success(request, _("Changes were requested; the partner's editors have been told."))
            return redirect("practices:review-queue")
    return _review_page(request, practice, form)


def _review_page(request, practice, form):
    return render(
        request,
        "practices/review.html",
        {
            "practice": practice,
            "form": form,
            "changes": changes_under_review(practice),
            "steps": practice.reviews.select_related("actor").order_by("created_at", "pk"),
            "awaiting_review": practice.state == State.SUBMITTED,
        },
    )
