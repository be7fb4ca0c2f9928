"""The reviewer's decision on a submitted practice: the seven SECON criteria, a comment, publish or request changes.

The form only collects; the decision itself goes through the workflow methods (GoodPractice.publish and
request_changes), which check who may take it and refuse an illegal step. `decide()` calls them and turns
their refusals into errors of this form, so that what the reviewer typed stays on the page.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from practices.models import Criterion, CriterionAssessment


class ReviewForm(forms.Form):
    """Score (1-5) and comment for each criterion, an overall comment, and the decision (one of two buttons)."""

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
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The partner's editors read it. Required when you request changes: say what needs to change. "
            "At most 5,000 characters."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion, label in Criterion.choices:
            self.fields[f"score_{criterion}"] = forms.TypedChoiceField(
                label=label,
                choices=CriterionAssessment.SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"comment_{criterion}"] = forms.CharField(
                label=_("Comment on “%(criterion)s” (optional)") % {"criterion": label},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Shown publicly with the score. At most 2,000 characters."),
            )

    def criteria(self):
        """(label, score field, comment field) for each of the seven criteria, in their order."""
        return [
            (label, self[f"score_{criterion}"], self[f"comment_{criterion}"]) for criterion, label in Criterion.choices
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.PUBLISH:
            missing = [c for c, _label in Criterion.choices if not cleaned.get(f"score_{c}")]
            for criterion in missing:
                if f"score_{criterion}" not in self.errors:
                    self.add_error(f"score_{criterion}", _("Score this criterion to publish the practice."))
            if missing:
                raise ValidationError(_("Score all seven criteria to publish the practice."), code="criteria_missing")
        return cleaned

    def assessments(self):
        """Unsaved CriterionAssessment objects, one for each criterion that was scored."""
        return [
            CriterionAssessment(
                criterion=criterion,
                score=self.cleaned_data[f"score_{criterion}"],
                comment=self.cleaned_data.get(f"comment_{criterion}", ""),
            )
            for criterion, _label in Criterion.choices
            if self.cleaned_data.get(f"score_{criterion}")
        ]

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
