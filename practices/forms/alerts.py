"""Subscribing an e-mail address to a search of the practice list (practices/alerts.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from practices import alerts
from practices.models import SearchAlert

# The longest canonical query an alert keeps: the list's limits (40 values, 200 characters of text) stay well under.
MAX_QUERY_LENGTH = 4000


class SearchAlertForm(forms.ModelForm):
    """The address and the frequency; the search comes as the list's query string in a hidden field, and is
    normalised by the list's own FilterSet (a text it cannot search is refused with the list's own message).

    `client_address` is counted against alerts.REQUESTS_PER_CLIENT_PER_HOUR, the address against
    alerts.CONFIRMATIONS_PER_ADDRESS_PER_DAY, once the rest of the form is valid.
    """

    class Meta:
        model = SearchAlert
        fields = ("email", "frequency", "query")
        labels = {"email": _("Your e-mail address"), "frequency": _("How often")}
        help_texts = {
            "email": _("Only for these alerts: it is deleted when you unsubscribe."),
            "frequency": _("You receive an e-mail only when new practices match."),
        }
        widgets = {
            "query": forms.HiddenInput,
            "frequency": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, client_address=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_address = client_address
        self.fields["frequency"].choices = [
            (SearchAlert.Frequency.DAILY, _("Daily, when there is something new")),
            (SearchAlert.Frequency.WEEKLY, _("Weekly, when there is something new")),
        ]
        self.fields["query"].required = False
        self.search = alerts.search_of(self.data.get(self.add_prefix("query"), "") if self.is_bound else "")

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_query(self):
        if error := self.search.text_error:
            raise ValidationError(
                _("The words of this search cannot be searched: %(error)s Change the search on the list first."),
                code="invalid_search",
                params={"error": error},
            )
        query = alerts.canonical_query(self.search)
        if len(query) > MAX_QUERY_LENGTH:
            raise ValidationError(
                _("This search is too long to follow by e-mail: choose fewer filters."), code="search_too_long"
            )
        return query

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The alert this request refreshes, if there is one: the model's unique constraint (address, search) is then
        # no error, and the answer reads the same whether the address had subscribed or not.
        self.instance = SearchAlert.objects.of(cleaned["email"], cleaned["query"]).first() or SearchAlert()
        if not alerts.within_limits(cleaned["email"], self.client_address):
            raise ValidationError(
                _(
                    "Alerts were asked for too often, for this e-mail address or from this connection: an address "
                    "receives at most %(count)d confirmation e-mails a day. Please try again tomorrow."
                ),
                code="too_many_requests",
                params={"count": alerts.CONFIRMATIONS_PER_ADDRESS_PER_DAY},
            )
        return cleaned

    def save(self, commit=True, language="en"):
        data = self.cleaned_data
        return alerts.subscribe(data["email"], data["query"], data["frequency"], language)
