"""The review workflow of a good practice (DESIGN.md section 5).

    draft -> submitted -> published -> archived
                 |   ^
                 v   |
          changes_requested

Each transition is a method of GoodPractice: it checks who may take it, refuses an illegal
one with a clear message, and records a Review row. Nothing else changes `state`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices import rules
from practices.models.history import Change
from practices.models.review import Review, check_publishing_assessment
from practices.models.state import State

# Target state -> (states it may be reached from, message when it may not).
TRANSITIONS = {
    State.SUBMITTED: (
        {State.DRAFT, State.CHANGES_REQUESTED},
        _("Only a draft or a practice with requested changes can be submitted; this one is “%(state)s”."),
    ),
    State.PUBLISHED: (
        {State.SUBMITTED},
        _("Only a submitted practice can be published; this one is “%(state)s”."),
    ),
    State.CHANGES_REQUESTED: (
        {State.SUBMITTED},
        _("Changes can be requested only for a submitted practice; this one is “%(state)s”."),
    ),
    State.ARCHIVED: (
        {State.PUBLISHED},
        _("Only a published practice can be archived; this one is “%(state)s”."),
    ),
}

# What a practice needs before it can be submitted; a draft may leave any of it empty.
REQUIRED_FOR_SUBMISSION = (
    "summary",
    "description",
    "themes",
    "practice_type",
    "target_groups",
    "region",
    "main_institution",
    "institution_type",
    "start_date",
    "resources",
    "evidence",
    "difficulties",
    "transfer_potential",
)


# Sent after every workflow step, inside its transaction: practice, review (the Review row).
transitioned = Signal()


class TransitionNotAllowed(ValidationError):
    """The practice is not in a state from which the transition can be taken."""


class WorkflowMixin:
    def missing_for_submission(self):
        """The fields (by name) that must be filled in before the practice can be submitted."""
        missing = []
        for name in REQUIRED_FOR_SUBMISSION:
            field = self._meta.get_field(name)
            if field.many_to_many:
                empty = self.pk is None or not getattr(self, name).exists()
            else:
                empty = getattr(self, field.attname) in field.empty_values
            if empty:
                missing.append(name)
        return missing

    def submit(self, user, comment=""):
        if not rules.can_submit(user, self):
            raise PermissionDenied(_("Only editors of the submitting partner can submit this practice."))
        missing = self.missing_for_submission()
        if missing:
            labels = ", ".join(str(self._meta.get_field(name).verbose_name) for name in missing)
            raise ValidationError(
                _("Complete these fields before submitting: %(fields)s."),
                code="incomplete",
                params={"fields": labels},
            )
        return self._transition(user, State.SUBMITTED, comment)

    def publish(self, user, comment="", assessments=()):
        """Publish a submitted practice with the reviewer's assessment against the seven criteria.

        `assessments`: unsaved CriterionAssessment objects, one for each criterion (check_publishing_assessment).
        """
        self._check_reviewer(user)
        return self._transition(user, State.PUBLISHED, comment, assessments)

    def request_changes(self, user, comment):
        self._check_reviewer(user)
        if not comment.strip():
            raise ValidationError(_("Say what needs to change: a comment is required."), code="comment_required")
        return self._transition(user, State.CHANGES_REQUESTED, comment)

    def archive(self, user, comment=""):
        self._check_reviewer(user)
        return self._transition(user, State.ARCHIVED, comment)

    def _check_reviewer(self, user):
        if not rules.can_review(user):
            raise PermissionDenied(_("Only reviewers of the project staff can take this step."))

    @transaction.atomic
    def _transition(self, user, to_state, comment="", assessments=()):
        # Lock the row so that two reviewers cannot take conflicting steps at once.
        current = type(self).objects.select_for_update().values_list("state", flat=True).get(pk=self.pk)
        allowed_from, message = TRANSITIONS[to_state]
        if current not in allowed_from:
            raise TransitionNotAllowed(message, code="illegal_transition", params={"state": State(current).label})
        if to_state == State.PUBLISHED:
            check_publishing_assessment(assessments)
        if to_state == State.PUBLISHED and self.revision_of_id:
            practice = self.apply_revision(user)  # the published practice takes the revision's content
        else:
            practice = self
            self.state = to_state
            if to_state == State.PUBLISHED and self.published_at is None:
                self.published_at = timezone.now()
            if to_state == State.SUBMITTED:
                self.submitted_at = timezone.now()
            self.recording(user, Change.STEP, from_state=current, to_state=to_state, comment=comment)
            self.save(update_fields=["state", "published_at", "submitted_at", "updated_at"])
        review = Review.objects.create(
            practice=practice, actor=user, from_state=current, to_state=to_state, comment=comment
        )
        for assessment in assessments:
            assessment.review = review
            assessment.full_clean()
            assessment.save()
        transitioned.send(sender=type(practice), practice=practice, review=review)
        return review
