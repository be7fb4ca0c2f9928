"""Form fields of the practice form."""

from decimal import Decimal

from django import forms


class CountedTextField(forms.CharField):
    """A text with a limit that the browser counts (static/js/practice-form.js) instead of cutting off.

    A `maxlength` attribute would silently truncate a longer text pasted from a word processor;
    instead the limit is stated in the help text, counted live, and checked on the server. Line
    breaks count as one character, as the browser counts them.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        if self.max_length is not None:
            attrs["data-maxlength"] = str(self.max_length)
        return attrs


class PlainDecimalField(forms.DecimalField):
    """A number shown as people write it: 12 and 12.5, not 12.00 and 12.50 (the database keeps two places)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return super().prepare_value(value)
