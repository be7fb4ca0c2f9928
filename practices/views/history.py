"""The revision history of a practice, for staff: every version, a comparison of two, and restoring one.

django-simple-history records a version at every save and every change of themes, topics and policy
instruments. Restoring never deletes anything: it writes the old content as a new version.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices import diff
from practices.access import get_practice_for_history, get_practice_to_restore


def _history_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def comparison(records, a, b):
    """The changes from the older to the newer of the records with history ids `a` and `b`; 404 for others."""
    by_id = {record.history_id: record for record in records}
    if a not in by_id or b not in by_id:
        raise Http404(_("Choose two versions of this practice."))
    old, new = sorted((by_id[a], by_id[b]), key=lambda record: (record.history_date, record.history_id))
    before, after = diff.snapshots_of_records(old, new)
    return {"old": old, "new": new, "changes": diff.compare(before, after)}


@login_required
def practice_history(request, slug):
    """Every version of the practice with who, when and why; ?a=<history_id>&b=<history_id> compares two."""
    practice = get_practice_for_history(request.user, slug)
    records = list(practice.history.select_related("history_user").order_by("-history_date", "-history_id"))
    a, b = _history_id(request.GET.get("a")), _history_id(request.GET.get("b"))
    compared = comparison(records, a, b) if a is not None and b is not None and a != b else None
    return render(
        request,
        "practices/history.html",
        {
            "practice": practice,
            "records": records,
            "compared": compared,
            "a": a,
            "b": b,
            "can_restore": request.user.has_perm("practices.change_goodpractice"),
            "same_version_chosen": a is not None and a == b,
        },
    )


@require_POST
@login_required
def practice_restore(request, slug, history_id):
    practice = get_practice_to_restore(request.user, slug)
    record = get_object_or_404(practice.history.all(), history_id=history_id)
    restored = practice.restore_version(record, request.user)
    message = _("Version %(old)s was restored; it is now version %(new)s.")
    messages.success(request, message % {"old": record.version, "new": restored.version})
    return redirect("practices:practice-history", slug=restored.slug)
