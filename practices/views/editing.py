"""Partners writing practices: create, save drafts, edit, submit, and propose changes to a published one.

Only editors of the submitting partner get here (practices.access). Every step of the workflow goes
through GoodPractice's methods; these views collect the form and report the outcome.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from practices import rules
from practices.access import get_editor_partners, get_practice_of_editor
from practices.forms.practice import PracticeEditor
from practices.models import GoodPractice, Review, State
from practices.models.editing import EditConflict

TEMPLATE = "practices/goodpractice_form.html"


@dataclass(frozen=True)
class Conflict:
    """What someone else changed since the partner opened the form."""

    changed: list
    saved_by: str
    saved_at: datetime | None


def describe_conflict(practice, read_version, form):
    """The labels of the form's fields that changed between `read_version` and now, and who saved last."""
    history = practice.history.all()
    current = history.select_related("history_user").first()
    read = history.filter(version=read_version).first()
    names = [name for name in form.fields if name in form.plain_labels and name != "version"]
    changed = set()
    if current is not None and read is not None:
        delta = current.diff_against(read, included_fields=names)
        changed = {change.field for change in delta.changes if not _same_items(change.old, change.new)}
    user = current.history_user if current is not None else None
    return Conflict(
        changed=[form.plain_labels[name] for name in names if name in changed],
        saved_by=(user.get_full_name() or user.get_username()) if user else "",
        saved_at=current.history_date if current is not None else None,
    )


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the message, and the id of the field it links to."""

    anchor: str
    text: str


FORMSET_ITEMS = {
    "results": gettext_lazy("Result %(number)s"),
    "images": gettext_lazy("Image %(number)s"),
    "attachments": gettext_lazy("Document %(number)s"),
}


def error_links(editor):
    """Every error of the practice form and its formsets, in the order of the page."""
    links = list(_form_error_links(editor.form))
    for formset in editor.formsets:
        if not formset.is_bound:
            continue
        links.extend(ErrorLink(f"{formset.prefix}-section", message) for message in formset.non_form_errors())
        for number, form in enumerate(formset.forms, start=1):
            if formset.can_delete and formset._should_delete_form(form):
                continue  # its errors do not count: it is not saved
            links.extend(_form_error_links(form, FORMSET_ITEMS[formset.prefix] % {"number": number}))
    return links


def _form_error_links(form, item=""):
    labels = getattr(form, "plain_labels", {})  # without "(required for review)"
    # First what concerns the whole form, then field by field.
    for name in sorted(form.errors, key=[NON_FIELD_ERRORS, *form.fields].index):
        if name == NON_FIELD_ERRORS:
            anchor, label = "practice-form", item
        else:
            bound = form[name]
            # A group of checkboxes is reached through its first box.
            several = isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            anchor = f"{bound.auto_id}_0" if several else bound.auto_id
            label = labels.get(name, bound.label)
            label = f"{item} \u2013 {label}" if item else label
        for message in form.errors[name]:
            yield ErrorLink(anchor, f"{label}: {message}" if label else message)


def _same_items(old, new):
    """Lists (target groups, many-to-many rows) that hold the same items in another order did not change."""
    if isinstance(old, list) and isinstance(new, list):
        return sorted(map(repr, old)) == sorted(map(repr, new))
    return False


def edit_url(practice, incomplete=False):
    url = reverse("practices:practice-edit", args=[practice.slug])
    return f"{url}?incomplete=1" if incomplete else url


@require_http_methods(["GET", "POST"])
@login_required
def practice_create(request):
    """A new practice, for one of the partners the user is an editor of (403 for anyone else)."""
    partners = get_editor_partners(request.user)
    return _practice_form(request, GoodPractice(), partners)


@require_http_methods(["GET", "POST"])
@login_required
def practice_edit(request, slug):
    """The form of a draft or of a practice with requested changes; other states say what can be done."""
    practice = get_practice_of_editor(request.user, slug)
    if practice.state == State.PUBLISHED:
        # A published practice is changed through a revision, proposed with a POST to practice-revise.
        revision = GoodPractice.objects.filter(revision_of=practice).first()
        return render(request, "practices/form/propose_changes.html", {"practice": practice, "revision": revision})
    if not rules.can_edit(request.user, practice):
        return locked(request, practice)
    return _practice_form(request, practice)


@require_POST
@login_required
def practice_submit(request, slug):
    """Submit the practice as it is saved; if something is missing, the form shows what."""
    practice = get_practice_of_editor(request.user, slug)
    if not rules.can_edit(request.user, practice):
        return locked(request, practice)
    return _submit(request, practice)


@require_POST
@login_required
def practice_revise(request, slug):
    """Start (or continue) the working copy in which the partner changes a published practice."""
    practice = get_practice_of_editor(request.user, slug)
    if rules.can_edit(request.user, practice):
        return redirect(edit_url(practice))
    if not rules.can_revise(request.user, practice):
        return locked(request, practice)
    revision = practice.start_revision(request.user)
    return redirect(edit_url(revision))


def locked(request, practice):
    """Back to the practice's page, saying why it cannot be changed now."""
    messages.info(request, locked_message(practice))
    return redirect(practice)


def locked_message(practice):
    if practice.state == State.SUBMITTED:
        return _(
            "“%(title)s” is waiting for review, so it cannot be changed now. If the reviewer asks for changes, "
            "you can edit it again."
        ) % {"title": practice.title}
    if practice.state == State.ARCHIVED:
        return _("“%(title)s” is archived and can no longer be changed.") % {"title": practice.title}
    return _("“%(title)s” cannot be changed in its current state (%(state)s).") % {
        "title": practice.title,
        "state": practice.get_state_display(),
    }


def _practice_form(request, practice, partners=None):
    if request.method != "POST":
        editor = PracticeEditor(practice, request.user, partners=partners)
        if practice.pk and request.GET.get("incomplete"):
            editor.form.add_submission_errors(practice.missing_for_submission())
        return _render_form(request, editor, practice)

    editor = PracticeEditor(practice, request.user, request.POST, request.FILES, partners=partners)
    submitting = request.POST.get("action") == "submit"
    if not editor.is_valid():
        if submitting:
            editor.form.add_submission_errors(editor.form.empty_for_submission())
        return _render_form(request, editor, practice, unsaved=True)
    read_version = editor.form.cleaned_data.get("version")
    try:
        practice = editor.save()
    except EditConflict as conflict:
        current = GoodPractice.objects.get(pk=practice.pk)
        editor.form.move_to_version(conflict.current_version)
        return _render_form(
            request, editor, current, unsaved=True, conflict=describe_conflict(current, read_version, editor.form)
        )
    if submitting:
        return _submit(request, practice)
    messages.success(request, _("Your draft “%(title)s” was saved.") % {"title": practice.title})
    return redirect(edit_url(practice))


def _submit(request, practice):
    if practice.missing_for_submission():
        messages.warning(
            request,
            _(
                "Your draft was saved, but it cannot be submitted for review yet: "
                "fill in the fields marked below, then submit it again."
            ),
        )
        return redirect(edit_url(practice, incomplete=True))
    practice.submit(request.user)
    messages.success(
        request,
        _("“%(title)s” was submitted for review. You will hear from us when a reviewer has looked at it.")
        % {"title": practice.title},
    )
    return redirect(practice)


def _render_form(request, editor, practice, unsaved=False, conflict=None):
    requested_changes = None
    if practice.state == State.CHANGES_REQUESTED:
        requested_changes = (
            Review.objects.filter(practice=practice, to_state=State.CHANGES_REQUESTED)
            .order_by("-created_at", "-pk")
            .first()
        )
    context = {
        "practice": practice if practice.pk else None,
        "editor": editor,
        "form": editor.form,
        "sections": editor.sections(),
        "error_links": error_links(editor),
        "unsaved": unsaved,
        "conflict": conflict,
        "requested_changes": requested_changes,
    }
    return render(request, TEMPLATE, context)
