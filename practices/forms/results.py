"""The measured results of a practice (indicator, value, unit, year), edited as a formset in the form."""

from django import forms
from django.db.models import Max
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.forms.fields import PlainDecimalField
from practices.forms.rows import RequiredOnceUsed
from practices.models import GoodPractice, PracticeResult

FIRST_YEAR = 1950


def last_year():
    """Results are measured, so in the past or this year."""
    return timezone.localdate().year


class ResultForm(RequiredOnceUsed, forms.ModelForm):
    required_once_used = ("indicator", "value")

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("The year the value was measured, e.g. 2024."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = PracticeResult
        fields = ("indicator", "value", "unit", "year")
        field_classes = {"value": PlainDecimalField}
        labels = {"indicator": _("Indicator"), "value": _("Value"), "unit": _("Unit")}
        error_messages = {
            "indicator": {"required": _("Say what was measured, e.g. jobs created.")},
            "value": {
                "required": _("Enter the value, as a number."),
                "invalid": _("Enter the value as a number, e.g. 12 or 1500.50."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("indicator", "unit"):
            field = self.fields[name]
            field.help_text = _("%(help)s Up to %(limit)s characters.") % {
                "help": field.help_text,
                "limit": field.max_length,
            }
        self.fields["value"].widget.attrs["inputmode"] = "decimal"
        self.fields["year"].error_messages["invalid"] = _("Enter the year as four digits, e.g. 2024.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not FIRST_YEAR <= year <= last_year():
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s."),
                code="year_out_of_range",
                params={"first": FIRST_YEAR, "last": last_year()},
            )
        return year


class BaseResultFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this result")

    def save_new_objects(self, commit=True):
        # New results come after the existing ones.
        last = self.instance.results.aggregate(last=Max("order"))["last"]
        next_order = 0 if last is None else last + 1
        for form in self.extra_forms:
            if form.has_changed() and not self._should_delete_form(form):
                form.instance.order = next_order
                next_order += 1
        return super().save_new_objects(commit)


ResultFormSet = inlineformset_factory(
    GoodPractice,
    PracticeResult,
    form=ResultForm,
    formset=BaseResultFormSet,
    fields=("indicator", "value", "unit", "year"),
    extra=1,
    can_delete=True,
    # A forged form count must not make the server build thousands of forms.
    max_num=50,
    absolute_max=50,
    validate_max=True,
)
