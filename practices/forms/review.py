"""The reviewer's forms: the assessment against SECON's seven criteria, and the decision on a submitted practice.

The forms only collect. The decision goes through the workflow methods (GoodPractice.publish and
request_changes), which check who may take it and refuse an illegal step; publishing needs a score
for each of the seven criteria (practices.models.review.check_publishing_assessment), whichever form
or path asks for it. The review page (ReviewForm) and the admin (practices/admin_workflow.py) share
AssessmentForm.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from practices.models import Criterion, CriterionAssessment
from practices.models.review import check_publishing_assessment

COMMENT_LIMIT = 5000


class AssessmentForm(forms.Form):
    """A score (1-5) and an optional comment for each of the seven criteria; shown publicly once published."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"score_{criterion}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=CriterionAssessment.SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=criterion.explanation,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"comment_{criterion}"] = forms.CharField(
                label=_("Comment on “%(criterion)s” (optional)") % {"criterion": criterion.label},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Shown publicly with the score. At most 2,000 characters."),
            )

    def criteria(self):
        """(criterion, score field, comment field) for each of the seven criteria, in their order."""
        return [(criterion, self[f"score_{criterion}"], self[f"comment_{criterion}"]) for criterion in Criterion]

    def clean(self):
        cleaned = super().clean()
        for criterion in Criterion:
            if cleaned.get(f"comment_{criterion}") and not cleaned.get(f"score_{criterion}"):
                self.add_error(f"score_{criterion}", _("Give a score to go with the comment."))
        return cleaned

    def check_for_publishing(self):
        """Mark every criterion left without a score: publishing needs all seven (the model's rule)."""
        try:
            check_publishing_assessment(self.assessments())
        except ValidationError as refusal:
            for criterion in refusal.params["missing"]:
                if not self.has_error(f"score_{criterion}"):
                    self.add_error(f"score_{criterion}", _("Score this criterion to publish the practice."))
            self.add_error(None, _("Score all seven criteria to publish the practice."))

    def assessments(self):
        """Unsaved CriterionAssessment objects, one for each criterion that was scored."""
        return [
            CriterionAssessment(
                criterion=criterion,
                score=self.cleaned_data[f"score_{criterion}"],
                comment=self.cleaned_data.get(f"comment_{criterion}", ""),
            )
            for criterion in Criterion
            if self.cleaned_data.get(f"score_{criterion}")
        ]


class PublishForm(AssessmentForm):
    """Publishing from the admin: the assessment and an optional comment to the partner."""

    comment = forms.CharField(
        label=_("Comment to the partner (optional)"),
        max_length=COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )

    def clean(self):
        cleaned = super().clean()
        self.check_for_publishing()
        return cleaned


class ReviewForm(AssessmentForm):
    """The review page: the assessment, an overall comment, and the decision (one of two buttons)."""

    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"

    decision = forms.ChoiceField(  # sent by the button pressed
        choices=[(PUBLISH, _("Publish")), (REQUEST_CHANGES, _("Request changes"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose “Publish” or “Request changes”."),
            "invalid_choice": _("Choose “Publish” or “Request changes”."),
        },
    )
    comment = forms.CharField(
        label=_("Comment to the partner"),
        max_length=COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The partner's editors read it. Required when you request changes: say what needs to change. "
            "At most 5,000 characters."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.PUBLISH:
            self.check_for_publishing()
        return cleaned

    def decide(self, practice, user):
        """Take the decision through the workflow; the Review row, or None with the refusal added to the form."""
        comment = self.cleaned_data["comment"]
        try:
            if self.cleaned_data["decision"] == self.PUBLISH:
                return practice.publish(user, comment, assessments=self.assessments())
            return practice.request_changes(user, comment)
        except PermissionDenied as refusal:
            self.add_error(None, str(refusal) or _("You may not take this step."))
        except ValidationError as refusal:
            if hasattr(refusal, "error_dict"):  # e.g. an assessment that did not validate
                self.add_error(None, refusal.messages)
            else:
                field = "comment" if getattr(refusal, "code", None) == "comment_required" else None
                self.add_error(field, refusal)
        return None


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("The editors of the submitting partner read this comment. Be specific."),
    )


class ArchiveForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason (optional)"),
        max_length=COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
