"""Rows of a formset that may be left empty: results, images and documents of the practice form."""

from django import forms


class RequiredOnceUsed:
    """A form for an optional row: its fields in `required_once_used` are required only once the row is used.

    An empty new row is skipped (Django's formsets leave an unchanged extra form alone); a row with anything
    typed in it needs these fields, with each field's own "required" message. The form shows no "required"
    mark on an empty row, which read as if the whole block had to be filled in.
    """

    required_once_used = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for name in self.required_once_used:
                if name in self.fields:
                    self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or not self.has_changed():
            return cleaned
        for name in self.required_once_used:
            field = self.fields.get(name)
            if field is not None and cleaned.get(name) in field.empty_values and not self.has_error(name):
                self.add_error(name, forms.ValidationError(field.error_messages["required"], code="required"))
        return cleaned
