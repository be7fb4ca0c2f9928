"""What changed in a practice: for the reviewer of a submission, and for an editor whose save conflicted.

Both read the one diff engine, practices/diff.py.
"""

from dataclasses import dataclass
from datetime import datetime

from practices import diff
from practices.models import State


@dataclass(frozen=True)
class Changes:
    """What changed, for the reviewer: against what (`basis`), since when, and the field-by-field changes."""

    basis: str  # "new", "revision" or "resubmission"
    changes: list
    since: object = None  # the previous submission (a Review), for a resubmission
    reply: str = ""  # what the partner wrote with the submission under review


def changes_under_review(practice):
    """What changed since the version the reviewers saw last.

    A revision: against the published practice it changes. A resubmission after changes were requested:
    against the version that was submitted before. A first submission: it is new.
    """
    if practice.revision_of_id:
        old = diff.snapshot_of_practice(practice.revision_of)
        return Changes(
            "revision", diff.compare(old, diff.snapshot_of_practice(practice)), reply=latest_comment(practice)
        )
    submissions = list(practice.reviews.filter(to_state=State.SUBMITTED).order_by("-created_at", "-pk")[:2])
    reply = ""
    if practice.state == State.SUBMITTED and submissions:
        reply = submissions[0].comment
        submissions = submissions[1:]  # the latest is the one under review
    if not submissions:
        return Changes("new", [], reply=reply)
    previous = submissions[0]
    record = (
        practice.history.filter(history_date__lte=previous.created_at).order_by("-history_date", "-history_id").first()
    )
    if record is None:
        return Changes("new", [], reply=reply)
    (old,) = diff.snapshots_of_records(record)
    return Changes("resubmission", diff.compare(old, diff.snapshot_of_practice(practice)), previous, reply)


def latest_comment(practice):
    """What the partner wrote with the latest submission of `practice`, if it is waiting for review."""
    if practice.state != State.SUBMITTED:
        return ""
    latest = practice.reviews.filter(to_state=State.SUBMITTED).order_by("-created_at", "-pk").first()
    return latest.comment if latest else ""


@dataclass(frozen=True)
class Conflict:
    """What someone else changed since an editor opened the form, and who saved it when."""

    changed: list  # the labels of the fields that changed
    saved_by: object  # the user, or None
    saved_at: datetime | None


def describe_conflict(practice, read_version):
    """What differs between version `read_version` of `practice` and the practice as it is now."""
    history = practice.history.select_related("history_user")
    current = history.order_by("-history_date", "-history_id").first()
    read = history.filter(version=read_version).order_by("-history_date", "-history_id").first()
    changed = []
    if read is not None:
        (before,) = diff.snapshots_of_records(read)
        changed = [change.label for change in diff.compare(before, diff.snapshot_of_practice(practice))]
    return Conflict(
        changed=changed,
        saved_by=current.history_user if current is not None else None,
        saved_at=current.history_date if current is not None else None,
    )
