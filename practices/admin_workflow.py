"""Review of good practices in the staff admin: publish, request changes, archive.

Every step goes through GoodPractice's workflow methods (practices/models/workflow.py), which check
who may take it, refuse an illegal one and write the Review row. The admin only collects the
reviewer's comment (and, on publication, the assessment against SECON's seven criteria), calls the
method and reports the outcome. Only users with practices.review_goodpractice see these steps.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from practices import rules
from practices.models import Criterion, CriterionAssessment, State
from practices.models.workflow import TRANSITIONS


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("The editors of the submitting partner read this comment. Be specific."),
    )


class ArchiveForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )


class PublishForm(forms.Form):
    """An optional comment, and the reviewer's assessment against the seven criteria (shown publicly)."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion, label in Criterion.choices:
            self.fields[f"score_{criterion}"] = forms.TypedChoiceField(
                label=label,
                choices=[("", _("not assessed")), *CriterionAssessment.SCORES],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{criterion}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": label},
                max_length=2000,
                required=False,
                widget=forms.TextInput(attrs={"size": 60}),
            )

    def clean(self):
        cleaned = super().clean()
        for criterion, _label in Criterion.choices:
            if cleaned.get(f"note_{criterion}") and not cleaned.get(f"score_{criterion}"):
                self.add_error(f"score_{criterion}", _("Give a score to go with the comment."))
        return cleaned

    def criteria(self):
        """(label, score field, comment field) for each criterion, for the template."""
        return [
            (label, self[f"score_{criterion}"], self[f"note_{criterion}"]) for criterion, label in Criterion.choices
        ]

    def assessments(self):
        """Unsaved CriterionAssessment objects for the criteria that were scored."""
        return [
            CriterionAssessment(
                criterion=criterion,
                score=self.cleaned_data[f"score_{criterion}"],
                comment=self.cleaned_data[f"note_{criterion}"],
            )
            for criterion, _label in Criterion.choices
            if self.cleaned_data.get(f"score_{criterion}")
        ]


@dataclass(frozen=True)
class Step:
    """One reviewer's step of the workflow, as the admin offers it."""

    slug: str
    target: State
    label: Promise
    form_class: type
    title: Promise
    button: Promise
    done_message: Callable[[int], str]  # the success message for a number of practices
    refused_message: Promise

    def allowed_from(self, state):
        return state in TRANSITIONS[self.target][0]

    def run(self, practice, user, form):
        comment = form.cleaned_data.get("comment", "")
        if self.target == State.PUBLISHED:
            return practice.publish(user, comment, assessments=form.assessments())
        if self.target == State.CHANGES_REQUESTED:
            return practice.request_changes(user, comment)
        return practice.archive(user, comment)


STEPS = {
    step.slug: step
    for step in (
        Step(
            slug="publish",
            target=State.PUBLISHED,
            label=_("Publish"),
            form_class=PublishForm,
            title=_("Publish “%(practice)s”"),
            button=_("Publish"),
            done_message=lambda n: ngettext("Published %(count)d practice.", "Published %(count)d practices.", n),
            refused_message=_("Not published"),
        ),
        Step(
            slug="request-changes",
            target=State.CHANGES_REQUESTED,
            label=_("Request changes"),
            form_class=RequestChangesForm,
            title=_("Request changes to “%(practice)s”"),
            button=_("Send the request for changes"),
            done_message=lambda n: ngettext(
                "Requested changes to %(count)d practice.", "Requested changes to %(count)d practices.", n
            ),
            refused_message=_("No changes requested"),
        ),
        Step(
            slug="archive",
            target=State.ARCHIVED,
            label=_("Archive"),
            form_class=ArchiveForm,
            title=_("Archive “%(practice)s”"),
            button=_("Archive"),
            done_message=lambda n: ngettext("Archived %(count)d practice.", "Archived %(count)d practices.", n),
            refused_message=_("Not archived"),
        ),
    )
}


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You are not allowed to take this step.")


class WorkflowAdminMixin:
    """Admin actions and change-page buttons for the reviewer's steps of the practice workflow."""

    actions = ("publish_selected", "request_changes_selected", "archive_selected")

    def has_review_permission(self, request, obj=None):
        return rules.can_review(request.user)

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/workflow/<slug:step>/",
                self.admin_site.admin_view(self.workflow_step_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_workflow",
            ),
        ]
        return urls + super().get_urls()

    def workflow_steps(self, request, obj):
        """The steps this user may take on `obj` in its current state, with the URL of each."""
        if obj is None or not self.has_review_permission(request, obj):
            return []
        return [
            (step, self._admin_url("workflow", quote(obj.pk), step.slug))
            for step in STEPS.values()
            if step.allowed_from(obj.state)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_steps"] = self.workflow_steps(request, obj) if change else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _admin_url(self, view, *args):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    # Taking one step on one practice, from its change page

    def workflow_step_view(self, request, object_id, step):
        step = STEPS.get(step)
        if step is None:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_review_permission(request, obj) and self.has_view_or_change_permission(request, obj)):
            raise PermissionDenied
        change_url = self._admin_url("change", quote(obj.pk))
        if not step.allowed_from(obj.state):
            message = TRANSITIONS[step.target][1] % {"state": obj.get_state_display()}
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)

        form = step.form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            self._take_step(request, [obj], step, form)
            return HttpResponseRedirect(change_url)

        context = {
            **self.admin_site.each_context(request),
            "title": step.title % {"practice": obj},
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "step": step,
            "form": form,
            "change_url": change_url,
            "is_publish": step.target == State.PUBLISHED,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/practices/goodpractice/workflow_step.html", context)

    # Actions on the changelist

    @admin.action(description=_("Publish selected practices"), permissions=["review"])
    def publish_selected(self, request, queryset):
        step = STEPS["publish"]
        form = step.form_class({})
        form.is_valid()  # no comment and no assessment: those are given on a practice's own page
        self._take_step(request, queryset, step, form)

    @admin.action(description=_("Request changes to selected practices…"), permissions=["review"])
    def request_changes_selected(self, request, queryset):
        step = STEPS["request-changes"]
        form = step.form_class(request.POST if request.POST.get("post") else None)
        if form.is_bound and form.is_valid():
            self._take_step(request, queryset, step, form)
            return None  # back to the changelist
        context = {
            **self.admin_site.each_context(request),
            "title": _("Request changes"),
            "subtitle": None,
            "opts": self.opts,
            "queryset": queryset,
            "submitted": [practice for practice in queryset if step.allowed_from(practice.state)],
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "request_changes_selected",
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/practices/goodpractice/request_changes_selected.html", context)

    @admin.action(description=_("Archive selected practices"), permissions=["review"])
    def archive_selected(self, request, queryset):
        step = STEPS["archive"]
        form = step.form_class({})
        form.is_valid()
        self._take_step(request, queryset, step, form)

    def _take_step(self, request, practices, step, form):
        """Run `step` on each practice through its model method; report successes and refusals."""
        done = 0
        refused = defaultdict(list)  # message -> practices
        for practice in practices:
            try:
                step.run(practice, request.user, form)
            except (PermissionDenied, ValidationError) as error:
                refused[error_text(error)].append(practice)
            else:
                done += 1
                self.log_change(request, practice, gettext("Workflow step: %(step)s.") % {"step": step.label})
        if done:
            self.message_user(request, step.done_message(done) % {"count": done}, messages.SUCCESS)
        for reason, items in refused.items():
            message = gettext("%(outcome)s: %(practices)s. %(reason)s") % {
                "outcome": step.refused_message,
                "practices": ", ".join(f"“{practice}”" for practice in items),
                "reason": reason,
            }
            self.message_user(request, message, messages.ERROR)
        return done
