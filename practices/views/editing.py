"""Partners writing practices: create, save drafts, edit, submit, and propose changes to a published one.

Only editors of the submitting partner get here (practices.access). Every step of the workflow goes
through GoodPractice's methods; these views collect the form and report the outcome.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from practices import rules, uploads
from practices.access import get_editor_partners, get_practice_of_editor
from practices.changes import describe_conflict
from practices.forms.media import AttachmentForm, ImageForm
from practices.forms.practice import PracticeForm, PracticeForms, ReplyForm
from practices.forms.results import ResultForm
from practices.models import GoodPractice, Review, StagedUpload, State
from practices.models.editing import EditConflict
from secon_portal import unavailable

TEMPLATE = "practices/goodpractice_form.html"
# The fields of the practice form, for the plain page that keeps the user's text when the database is out of reach.
KEEPS_TEXT = unavailable.keeps_text(
    PracticeForm, ReplyForm, (ResultForm, "results"), (ImageForm, "images"), (AttachmentForm, "attachments")
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


def error_links(practice_forms):
    """Every error of the practice form and its formsets, in the order of the page."""
    links = list(_form_error_links(practice_forms.form))
    for formset in practice_forms.formsets:
        if not formset.is_bound:
            continue
        links.extend(ErrorLink(f"{formset.prefix}-section", message) for message in formset.non_form_errors())
        for number, form in enumerate(formset.forms, start=1):
            if formset.can_delete and formset._should_delete_form(form):
                continue  # its errors do not count: it is not saved
            links.extend(_form_error_links(form, FORMSET_ITEMS[formset.prefix] % {"number": number}))
    if practice_forms.reply and practice_forms.reply.is_bound:
        links.extend(_form_error_links(practice_forms.reply))
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


def edit_url(practice, incomplete=False):
    url = reverse("practices:practice-edit", args=[practice.slug])
    return f"{url}?incomplete=1" if incomplete else url


@KEEPS_TEXT
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_create(request):
    """A new practice, for one of the partners the user is an editor of (403 for anyone else)."""
    partners = get_editor_partners(request.user)
    return _practice_form(request, GoodPractice(), partners)


@KEEPS_TEXT
@require_http_methods(["GET", "HEAD", "POST"])
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


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def practice_delete(request, slug):
    """Ask, then delete a draft; a practice that was ever submitted is never deleted here."""
    practice = get_practice_of_editor(request.user, slug)
    if not rules.can_delete(request.user, practice):
        messages.error(request, _("Only a draft that was never submitted can be deleted."))
        return redirect(practice)
    if request.method == "POST":
        title = practice.revision_of.title if practice.revision_of_id else practice.title
        practice.delete_draft(request.user)
        if practice.revision_of_id:
            messages.success(request, _("Your proposed changes to “%(title)s” were deleted.") % {"title": title})
        else:
            messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": title})
        return redirect("practices:my-practices")
    return render(request, "practices/confirm_delete.html", {"practice": practice})


@require_http_methods(["GET", "HEAD"])
@login_required
def staged_thumbnail(request, pk):
    """The thumbnail of an image the user uploaded with a form that is not saved yet; 404 for anyone else's."""
    staged = get_object_or_404(uploads.staged_uploads(request.user, StagedUpload.Kind.IMAGE), pk=pk)
    if not staged.thumbnail:
        raise Http404
    response = FileResponse(staged.thumbnail.open("rb"))
    patch_cache_control(response, private=True, no_store=True)
    return response


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
        practice_forms = PracticeForms(practice, request.user, partners=partners, reply=kept_reply(request, practice))
        if practice.pk and request.GET.get("incomplete"):
            practice_forms.form.add_submission_errors(practice.missing_for_submission())
        return _render_form(request, practice_forms, practice)

    practice_forms = PracticeForms(practice, request.user, request.POST, request.FILES, partners=partners)
    submitting = request.POST.get("action") == "submit"
    if not practice_forms.is_valid():
        if submitting:
            practice_forms.form.add_submission_errors(practice_forms.form.empty_for_submission())
        return _render_form(request, practice_forms, practice, unsaved=True)
    read_version = practice_forms.form.cleaned_data.get("version")
    new = practice.pk is None
    unavailable.show_again(request, lambda: _render_again(request, practice_forms, practice, new))
    try:
        practice = practice_forms.save()
    except EditConflict as conflict:
        current = GoodPractice.objects.get(pk=practice.pk)
        practice_forms.form.move_to_version(conflict.current_version)
        conflict = describe_conflict(current, read_version)
        return _render_form(request, practice_forms, current, unsaved=True, conflict=conflict)
    unavailable.saved(request)
    if submitting:
        return _submit(request, practice, practice_forms.reply_text)
    messages.success(request, _("Your draft “%(title)s” was saved.") % {"title": practice.title})
    return redirect(edit_url(practice))


def _render_again(request, practice_forms, practice, new):
    """The form as it was sent, after its save failed: a new practice stays new (its insert was rolled back)."""
    if new:
        practice.pk = None
        practice._state.adding = True
    return _render_form(request, practice_forms, practice, unsaved=True)


def _reply_key(practice):
    return f"practices:reply:{practice.pk}"


def kept_reply(request, practice):
    """The reply the partner typed with a submission that could not go through yet (see _submit)."""
    return request.session.get(_reply_key(practice), "") if practice.pk else ""


def _submit(request, practice, reply=""):
    if practice.missing_for_submission():
        if reply:  # the draft is saved, and so is the reply until the practice is submitted
            request.session[_reply_key(practice)] = reply
        messages.warning(
            request,
            _(
                "Your draft was saved, but it cannot be submitted for review yet: "
                "fill in the fields marked below, then submit it again."
            ),
        )
        return redirect(edit_url(practice, incomplete=True))
    practice.submit(request.user, reply)
    request.session.pop(_reply_key(practice), None)
    messages.success(
        request,
        _("“%(title)s” was submitted for review. You will hear from us when a reviewer has looked at it.")
        % {"title": practice.title},
    )
    return redirect(practice)


def _render_form(request, practice_forms, practice, unsaved=False, conflict=None):
    requested_changes = None
    if practice.state == State.CHANGES_REQUESTED:
        requested_changes = (
            Review.objects.filter(practice=practice, to_state=State.CHANGES_REQUESTED)
            .order_by("-created_at", "-pk")
            .first()
        )
    context = {
        "practice": practice if practice.pk else None,
        "practice_forms": practice_forms,
        "form": practice_forms.form,
        "sections": practice_forms.sections(),
        "error_links": error_links(practice_forms),
        "unsaved": unsaved,
        "conflict": conflict,
        "requested_changes": requested_changes,
        "can_delete": bool(practice.pk) and rules.can_delete(request.user, practice),
    }
    return render(request, TEMPLATE, context)
