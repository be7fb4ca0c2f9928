"""A partner region's interest in transferring another region's published practice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from practices import rules
from practices.models import TransferInterest
from regions.models import PolicyInstrument


class TransferInterestForm(forms.ModelForm):
    """Declare an interest (note, optional policy instrument) or update it (also the stage).

    `declare` (by default: when there is no interest yet) leaves the stage out: a declaration starts at
    "interested", and declaring again changes only the note and the instrument.

    The partner and the practice are set by the view before validation, so that the model's clean()
    refuses a partner's own practice and another partner's policy instrument. The instrument field offers
    only the interested partner's instruments; one of another partner's is refused by the field already.
    """

    class Meta:
        model = TransferInterest
        fields = ("stage", "note", "policy_instrument")
        help_texts = {
            "note": _("What your region would take over or adapt, and how. At most 2,000 characters."),
            "policy_instrument": _("Optional: the one of your policy instruments that the transfer would improve."),
            "stage": _("How far your region has got with the transfer."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, practice, partner, declare=None, **kwargs):
        kwargs.setdefault("auto_id", f"id_transfer_{partner.pk}_%s")  # one form per partner on the page
        super().__init__(*args, **kwargs)
        self.instance.practice = practice
        self.instance.partner = partner
        self.partner = partner
        self.fields["policy_instrument"].queryset = PolicyInstrument.objects.filter(partner=partner).order_by("name")
        self.fields["policy_instrument"].empty_label = _("None")
        self.fields["policy_instrument"].error_messages["invalid_choice"] = _(
            "Choose one of the interested partner's own policy instruments."
        )
        self.declaring = self.instance.pk is None if declare is None else declare
        if self.declaring:
            # Declaring (again): the stage starts at "interested" and is updated later.
            del self.fields["stage"]


def transfer_forms(user, practice):
    """One form for each partner that `user` may declare an interest for (rules.transfer_partners).

    The form of a partner that has declared already updates its interest (stage, note, instrument);
    the others declare one. Uses the practice's prefetched transfer interests when there are any.
    """
    if not user.is_authenticated:
        return []
    partners = rules.transfer_partners(user, practice)
    interests = {interest.partner_id: interest for interest in practice.transfer_interests.all()}
    return [
        TransferInterestForm(instance=interests.get(partner.pk), practice=practice, partner=partner)
        for partner in partners
    ]
