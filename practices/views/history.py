"""The revision history of a practice, for staff: every version, a comparison of two, and restoring one.

django-simple-history records a version at every save and every change of themes, topics and policy
instruments. Restoring never deletes anything: it writes the old content as a new version.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices import diff
from practices.access import get_practice_for_history, get_practice_to_restore
from practices.models import GoodPractice, State
from practices.models.editing import COPIED_RELATIONS, content_fields

RESTORED = re.compile(r"^restored version (\d+)$")
STEP = re.compile(r"^(\w+) -> (\w+)$")


def reason_shown(record):
    """The change reason of `record` in the reader's language (the reasons are stored in English), or its type."""
    reason = record.history_change_reason or ""
    if match := RESTORED.match(reason):
        return _("Restored version %(version)s") % {"version": match.group(1)}
    if (match := STEP.match(reason)) and {match.group(1), match.group(2)} <= set(State.values):
        return f"{State(match.group(1)).label} → {State(match.group(2)).label}"
    if reason == "revision published":
        return _("Proposed changes published")
    return reason or record.get_history_type_display()


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
    for record in records:
        record.reason_shown = reason_shown(record)
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


def restore_version(practice, record, user):
    """Write the content of `record` (a historical record of `practice`) as a new version of it.

    The workflow state, the dates, the slug and the version counter stay the practice's own: the version
    moves on by one, and the new historical record says "restored version N". Themes, topics and policy
    instruments are restored too (those that still exist); images, attachments and results are not part of
    the history and stay as they are.
    """
    with transaction.atomic():
        current = GoodPractice.objects.select_for_update().get(pk=practice.pk)
        old = record.instance
        for field in content_fields(GoodPractice):
            setattr(current, field.attname, getattr(old, field.attname))
        current.skip_history_when_saving = True  # one new version for the whole restore, written by save()
        try:
            for name in COPIED_RELATIONS:
                model = GoodPractice._meta.get_field(name).related_model
                column = GoodPractice._meta.get_field(name).m2m_reverse_field_name()
                getattr(current, name).set(model.objects.filter(pk__in=getattr(record, name).values(column)))
        finally:
            del current.skip_history_when_saving
        current._change_reason = f"restored version {record.version}"
        current._history_user = user
        current.save()
    return current


@require_POST
@login_required
def practice_restore(request, slug, history_id):
    practice = get_practice_to_restore(request.user, slug)
    record = get_object_or_404(practice.history.all(), history_id=history_id)
    restored = restore_version(practice, record, request.user)
    message = _("Version %(old)s was restored; it is now version %(new)s.")
    messages.success(request, message % {"old": record.version, "new": restored.version})
    return redirect("practices:practice-history", slug=restored.slug)
