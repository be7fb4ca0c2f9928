"""A partner region's interest in transferring another partner's published practice: declare it, update it.

The forms are on the practice page (templates/practices/includes/transfer_form.html), one for each partner
of which the user is an editor, other than the practice's own; practices.forms.transfer.transfer_forms()
builds them. Both views
accept POST only; an unpublished practice is a 404, a user who may not declare a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.access import get_own_transfer_interest, get_transfer_practice
from practices.forms.transfer import TransferInterestForm, transfer_forms
from practices.models import TransferInterest
from practices.views.detail import PracticeDetailView
from secon_portal import unavailable

ANCHOR = "#transfer-interest"


def _partner_from(request, partners):
    """The partner the form was sent for: one of `partners` (403 for any other)."""
    chosen = request.POST.get("partner")
    if chosen is None:
        return partners[0]
    for partner in partners:
        if str(partner.pk) == chosen:
            return partner
    raise PermissionDenied(_("You can declare an interest only for your own organisation, in another's practice."))


def _practice_page_with(request, practice, form):
    """The practice page again, with `form` (bound, with its errors) in place of the partner's blank one."""
    view = PracticeDetailView()
    view.setup(request, slug=practice.slug)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    context["transfer_forms"] = [
        form if blank.partner.pk == form.partner.pk else blank for blank in transfer_forms(request.user, view.object)
    ]
    return render(request, view.template_name, context, status=400)


def _saved(request, form, created):
    unavailable.show_again(request, lambda: _practice_page_with(request, form.instance.practice, form))
    interest = form.save(commit=False)
    if created:
        interest.created_by = request.user
    interest.save()
    unavailable.saved(request)
    if created:
        messages.success(request, _("Your region's interest in transferring this practice is recorded."))
    else:
        messages.success(request, _("Your region's transfer interest is updated."))
    return redirect(interest.practice.get_absolute_url() + ANCHOR)


@unavailable.keeps_text(TransferInterestForm)
@require_POST
@login_required
def transfer_declare(request, slug):
    """Declare the interest of one of the user's partners; declaring again updates the note and instrument."""
    practice, partners = get_transfer_practice(request.user, slug)
    partner = _partner_from(request, partners)
    existing = TransferInterest.objects.filter(practice=practice, partner=partner).first()
    form = TransferInterestForm(request.POST, instance=existing, practice=practice, partner=partner, declare=True)
    if not form.is_valid():
        return _practice_page_with(request, practice, form)
    return _saved(request, form, created=existing is None)


@unavailable.keeps_text(TransferInterestForm)
@require_POST
@login_required
def transfer_update(request, pk):
    """Update the stage, note and instrument of an interest of one of the user's partners (404 for others)."""
    interest = get_own_transfer_interest(request.user, pk)
    form = TransferInterestForm(request.POST, instance=interest, practice=interest.practice, partner=interest.partner)
    if not form.is_valid():
        return _practice_page_with(request, interest.practice, form)
    return _saved(request, form, created=False)
