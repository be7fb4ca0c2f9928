"""Review of good practices in the staff admin: publish, request changes, archive.

Every step goes through GoodPractice's workflow methods (practices/models/workflow.py), which check
who may take it, refuse an illegal one, require the seven criteria scores to publish, and write the
Review row. The admin only collects the reviewer's input, with the same forms as the review page
(practices/forms/review.py), calls the method and reports the outcome for each practice. A step
that a practice cannot take leaves that practice as it is and says why. Only users for whom
practices.rules.can_review() holds see these steps.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

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
from practices.forms.review import ArchiveForm, PublishForm, RequestChangesForm
from practices.models import State
from practices.models.workflow import TRANSITIONS


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
    one_form_each: bool = False  # every practice needs its own input (publishing: its own assessment)

    def allowed_from(self, state):
        return state in TRANSITIONS[self.target][0]

    def run(self, practice, user, form):
        """Take the step through the workflow method; `form` is None for a practice the step cannot apply to."""
        comment = form.cleaned_data.get("comment", "") if form else ""
        if self.target == State.PUBLISHED:
            return practice.publish(user, comment, assessments=form.assessments() if form else ())
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
            one_form_each=True,
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

    def _page(self, request, template, form_media, **context):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media + form_media,
            **context,
        }
        return TemplateResponse(request, f"admin/practices/goodpractice/{template}", context)

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
            self._take_step(request, [obj], step, {obj.pk: form})
            return HttpResponseRedirect(change_url)
        return self._page(
            request,
            "workflow_step.html",
            form.media,
            title=step.title % {"practice": obj},
            subtitle=None,
            original=obj,
            step=step,
            form=form,
            change_url=change_url,
        )

    # The same steps on the practices selected in the list

    @admin.action(description=_("Publish selected practices…"), permissions=["review"])
    def publish_selected(self, request, queryset):
        return self._bulk_step(request, queryset, STEPS["publish"], "publish_selected")

    @admin.action(description=_("Request changes to selected practices…"), permissions=["review"])
    def request_changes_selected(self, request, queryset):
        return self._bulk_step(request, queryset, STEPS["request-changes"], "request_changes_selected")

    @admin.action(description=_("Archive selected practices…"), permissions=["review"])
    def archive_selected(self, request, queryset):
        return self._bulk_step(request, queryset, STEPS["archive"], "archive_selected")

    def _bulk_step(self, request, queryset, step, action):
        """A page that collects the reviewer's input for the practices that can take `step`, then takes it.

        Practices that cannot take the step are listed with the reason and left as they are. When none
        can, the step is not offered: each refusal is reported at once.
        """
        practices = list(queryset.select_related("partner"))
        taking = [practice for practice in practices if step.allowed_from(practice.state)]
        data = request.POST if request.POST.get("post") == "yes" else None
        if step.one_form_each:
            forms = {practice.pk: step.form_class(data, prefix=f"practice-{practice.pk}") for practice in taking}
        else:
            shared = step.form_class(data)
            forms = dict.fromkeys((practice.pk for practice in taking), shared)
        # Every form is validated, so that every error shows.
        if not taking or (data is not None and all([form.is_valid() for form in forms.values()])):  # noqa: C419
            self._take_step(request, practices, step, forms)
            return None  # back to the list
        return self._page(
            request,
            "bulk_step.html",
            next(iter(forms.values())).media,
            title=step.label,
            subtitle=None,
            step=step,
            rows=[(practice, forms[practice.pk] if step.one_form_each else None) for practice in taking],
            left=[practice for practice in practices if practice not in taking],
            shared_form=None if step.one_form_each else shared,
            practices=practices,
            action=action,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )

    def _take_step(self, request, practices, step, forms):
        """Run `step` on each practice through its model method; report successes and each refusal."""
        done = 0
        refused = defaultdict(list)  # message -> practices
        for practice in practices:
            try:
                step.run(practice, request.user, forms.get(practice.pk))
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
