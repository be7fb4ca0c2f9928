"""The partners' practice form: the good-practice template in sections, with its results, images and documents.

A draft can be saved with only a title; what submission needs (REQUIRED_FOR_SUBMISSION) is asked
for when the partner submits. Each field states its help and its limit; long texts are counted
in the browser instead of cut off at the limit, and checked here.
"""

import itertools
import re
from dataclasses import dataclass

from django import forms
from django.db import models, transaction
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from practices.forms.fields import CountedTextField, PlainDecimalField
from practices.forms.media import AttachmentFormSet, ImageFormSet, with_limit
from practices.forms.results import ResultFormSet
from practices.models import GoodPractice, State, Theme, Topic
from practices.models.workflow import REQUIRED_FOR_SUBMISSION
from regions.countries import Country
from regions.models import Partner, PolicyInstrument, Region

REQUIRED_FOR_SUBMISSION_MESSAGE = _("Required before submitting for review.")
PHONE = re.compile(r"^\+?[0-9 ()/.\-]+$")
MIN_PHONE_DIGITS = 5


@dataclass(frozen=True)
class Section:
    key: str
    legend: str
    fields: tuple


SECTIONS = (
    Section(
        "basics",
        _("Basics"),
        (
            "partner",
            "title",
            "summary",
            "practice_type",
            "main_institution",
            "institution_type",
            "themes",
            "topics",
            "target_groups",
            "website",
        ),
    ),
    Section("location", _("Location and timescale"), ("region", "rural_focus", "start_date", "end_date")),
    Section("description", _("Description"), ("description",)),
    Section("resources", _("Resources"), ("resources", "budget_eur", "funding_source")),
    Section("evidence", _("Evidence of success"), ("evidence",)),
    Section("difficulties", _("Difficulties and lessons learned"), ("difficulties",)),
    Section("transfer", _("Potential for learning or transfer"), ("transfer_potential",)),
    Section("instruments", _("Policy instruments"), ("policy_instruments",)),
    Section("contact", _("Contact and consent"), ("contact_name", "contact_email", "contact_phone", "contact_consent")),
    Section("language", _("Original language"), ("original_language", "title_original", "summary_original")),
    Section("media", _("Images and documents"), ()),
)


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The choices of the field in groups (<optgroup>, or labelled groups of checkboxes)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = sorted(self.queryset, key=self.field.sort_key)
        for group, members in itertools.groupby(objects, key=self.field.group_of):
            yield (group, [self.choice(obj) for obj in members])


class RegionChoiceField(forms.ModelChoiceField):
    """About 1,800 NUTS regions in one <select>: the partner regions first, then by country.

    It works without JavaScript; static/js/region-combobox.js turns it into a combobox in which the
    visitor types part of a name or a code. Each option reads "Peloponnisos (Πελοπόννησος) – EL65".
    """

    iterator = GroupedModelChoiceIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-combobox"] = "region"

    def group_of(self, region):
        return _("Partner regions") if region.is_partner_region else Country(region.country).label

    def sort_key(self, region):
        return (not region.is_partner_region, str(self.group_of(region)), region.code)

    def label_from_instance(self, region):
        return f"{region.full_name} \u2013 {region.code}"


class InstrumentChoiceField(forms.ModelMultipleChoiceField):
    """Every policy instrument, as checkboxes grouped by region."""

    iterator = GroupedModelChoiceIterator

    def group_of(self, instrument):
        return instrument.region.display_name

    def sort_key(self, instrument):
        return (instrument.region.display_name, instrument.name)


def formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # "www.example.org" means https://www.example.org
    return model_field.formfield(**kwargs)


class PracticeForm(forms.ModelForm):
    """The text of a practice. Only the title is required to save a draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GoodPractice
        formfield_callback = formfield
        fields = tuple(name for section in SECTIONS for name in section.fields)
        field_classes = {
            "title": CountedTextField,
            "summary": CountedTextField,
            "description": CountedTextField,
            "resources": CountedTextField,
            "evidence": CountedTextField,
            "difficulties": CountedTextField,
            "transfer_potential": CountedTextField,
            "title_original": CountedTextField,
            "summary_original": CountedTextField,
            "budget_eur": PlainDecimalField,
            "region": RegionChoiceField,
            "policy_instruments": InstrumentChoiceField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "resources": forms.Textarea(attrs={"rows": 6}),
            "evidence": forms.Textarea(attrs={"rows": 8}),
            "difficulties": forms.Textarea(attrs={"rows": 6}),
            "transfer_potential": forms.Textarea(attrs={"rows": 6}),
            "summary_original": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "policy_instruments": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget_eur": forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
        labels = {
            "contact_consent": _("Show the contact person’s name, e-mail and telephone on the public page"),
        }
        help_texts = {
            "partner": _("The partner organisation that submits this practice."),
            "practice_type": _("What kind of practice it is."),
            "main_institution": _("The organisation that runs the practice."),
            "institution_type": _("What kind of organisation runs it."),
            "themes": _("The SECON focus objectives the practice serves: one or more."),
            "topics": _("Choose the topics that describe the practice best."),
            "target_groups": _("Who the practice is for."),
            "website": _("A web page about the practice, e.g. https://www.example.org/project."),
            "start_date": _("When the practice started. A good practice has been in place for at least two years."),
            "budget_eur": _("Total, in euros, e.g. 25000 or 25000.50."),
            "funding_source": _("E.g. a regional ERDF programme, the municipal budget, private donations."),
            "difficulties": _("What was hard, how it was solved, and what you would do differently."),
            "policy_instruments": _("The SECON policy instruments this practice is relevant to, if any."),
            "contact_name": _("The person visitors can ask about the practice."),
            "contact_email": _("Shown on the public page only if the box below is ticked."),
            "contact_phone": _(
                "With the country code, e.g. +30 2710 123456. Shown on the public page only if the box below is ticked."
            ),
            "contact_consent": _(
                "Tick this only if the contact person has agreed. Without it, their name, e-mail and telephone "
                "stay private, and visitors are directed to your organisation instead."
            ),
            "original_language": _("The language the practice was first described in."),
            "title_original": _("Leave empty if the practice was first described in English."),
            "summary_original": _("Leave empty if the practice was first described in English."),
        }
        error_messages = {
            "title": {"required": _("Enter a title: it is needed even to save a draft.")},
            "website": {"invalid": _("Enter a full web address, e.g. https://www.example.org.")},
            "contact_email": {"invalid": _("Enter an e-mail address in the form name@example.org.")},
            "start_date": {"invalid": _("Enter the start date as a date, e.g. 2021-03-15.")},
            "end_date": {"invalid": _("Enter the end date as a date, e.g. 2024-12-31.")},
            "budget_eur": {"invalid": _("Enter the budget as a number of euros, e.g. 25000.")},
        }

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = self.instance.pk is None
        if self.is_new:
            del self.fields["version"]
            partners = list(partners or [])
            if len(partners) == 1:
                self.instance.partner = partners[0]
                self.initial["region"] = self.initial.get("region") or partners[0].region_id  # most often right
            if len(partners) > 1:
                self.fields["partner"].queryset = Partner.objects.filter(pk__in=[p.pk for p in partners])
                self.fields["partner"].empty_label = _("Choose your organisation")
            else:
                del self.fields["partner"]
        else:
            del self.fields["partner"]
            self.fields["version"].initial = self.instance.version
        self._set_choices()
        self._describe_fields()

    def _set_choices(self):
        fields = self.fields
        fields["themes"].queryset = Theme.objects.order_by("order", "name")
        fields["topics"].queryset = Topic.objects.order_by("name")
        fields["region"].queryset = Region.objects.with_partner_flag().only(*Region.NAME_FIELDS)
        fields["region"].empty_label = _("Choose a region")
        fields["policy_instruments"].queryset = PolicyInstrument.objects.select_related("region")
        for name, empty_label in (
            ("practice_type", _("Choose a type of practice")),
            ("institution_type", _("Choose a type of institution")),
        ):
            fields[name].choices = [("", empty_label), *[c for c in fields[name].choices if c[0] != ""]]

    def _describe_fields(self):
        """Limits stated up front, and what submission will need."""
        self.plain_labels = {name: field.label for name, field in self.fields.items()}
        for name, field in self.fields.items():
            if type(field) in (forms.CharField, CountedTextField) and field.max_length:
                with_limit(field)
            if name in REQUIRED_FOR_SUBMISSION:
                field.label = _("%(label)s (required for review)") % {"label": field.label}

    # -- normalising and checking single fields --

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_budget_eur(self):
        budget = self.cleaned_data["budget_eur"]
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("The budget cannot be negative."), code="negative_budget")
        return budget

    def clean_contact_phone(self):
        phone = " ".join(self.cleaned_data["contact_phone"].split())
        if phone and not (PHONE.match(phone) and sum(c.isdigit() for c in phone) >= MIN_PHONE_DIGITS):
            raise forms.ValidationError(
                _("Enter a telephone number with digits, spaces and + ( ) - only, e.g. +30 2710 123456."),
                code="invalid_phone",
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.is_new and cleaned.get("version") is None:
            # Only a damaged or hand-made form lacks it: without it, no save could be checked against others'.
            raise forms.ValidationError(
                _("The form was incomplete. Reload the page, then make your changes again."), code="no_version"
            )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(_("The end date cannot be before the start date.")))
        return cleaned

    # -- what the form shows besides validation --

    def move_to_version(self, version):
        """Carry `version` from now on: saving again then deliberately replaces the other person's changes."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)

    def add_submission_errors(self, names):
        """Mark each of the fields `names` as needed before submission (also on an unbound form)."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        for name in names:
            if name in self.fields and not self.has_error(name):
                self.add_error(name, forms.ValidationError(REQUIRED_FOR_SUBMISSION_MESSAGE, code="required_for_review"))

    def empty_for_submission(self):
        """The fields needed for submission that the partner left empty (of those that validated)."""
        cleaned = getattr(self, "cleaned_data", {})
        return [name for name in REQUIRED_FOR_SUBMISSION if name in cleaned and _is_empty(cleaned[name])]


def _is_empty(value):
    if hasattr(value, "exists"):  # the queryset of a many-to-many field
        return not value.exists()
    return value in (None, "", [], ())


class ReplyForm(forms.Form):
    """The partner's answer to the reviewer who asked for changes, sent with the practice when it is submitted."""

    reply = CountedTextField(
        label=_("Your reply to the reviewer (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What you changed, or why you left something as it was. The reviewer reads it with the practice. "
            "Up to 5,000 characters."
        ),
    )


class PracticeForms:
    """The practice form with its results, images and documents, validated and saved together.

    A practice whose reviewer asked for changes also has `reply`, the partner's answer, sent on submission.
    """

    def __init__(self, practice, user, data=None, files=None, partners=None, reply=""):
        self.user = user
        self.form = PracticeForm(data, files, instance=practice, partners=partners)
        self.results = ResultFormSet(data, instance=practice, prefix="results")
        self.images = ImageFormSet(data, files, instance=practice, prefix="images", owner=user)
        self.attachments = AttachmentFormSet(data, files, instance=practice, prefix="attachments", owner=user)
        self.formsets = (self.results, self.images, self.attachments)
        self.reply = None
        if practice.state == State.CHANGES_REQUESTED:
            self.reply = ReplyForm(data, initial={"reply": reply})

    def is_valid(self):
        # Every part is validated, so that every error shows and every good upload is staged.
        parts = [self.form, *self.formsets, *([self.reply] if self.reply else [])]
        return all([part.is_valid() for part in parts])  # noqa: C419 (a list: every part, not the first invalid)

    @property
    def reply_text(self):
        return self.reply.cleaned_data.get("reply", "") if self.reply and self.reply.is_bound else ""

    @transaction.atomic
    def save(self):
        """Save everything; EditConflict when someone else saved the practice since it was read."""
        practice = self.form.save(commit=False)
        if practice.pk is None:
            practice.created_by = self.user
            practice.save()
        else:
            practice.save_edit(self.form.cleaned_data["version"])
        self.form.save_m2m()
        for formset in self.formsets:
            formset.instance = practice
            formset.save()
        return practice

    def sections(self):
        """Each section of the form with the bound fields it shows."""
        return [
            (section, [self.form[name] for name in section.fields if name in self.form.fields]) for section in SECTIONS
        ]
