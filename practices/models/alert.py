"""E-mail alerts for a search of the public practice list (see practices/alerts.py for the whole picture).

A visitor subscribes an address to a search (the list's query string, as PracticeFilterSet understands it) with a
frequency; nothing is sent before the address is confirmed. `covered_until` is the watermark: the practices
published up to that moment have been considered for a digest, those published after it have not; each digest
moves it forward, whether or not it found anything, so that no practice is sent twice or skipped.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The digest runs once a day from a timer, never to the second: an alert is due this long before its period ends,
# so that a run a few minutes earlier than the day before still sends the daily digests.
DUE_SLACK = datetime.timedelta(hours=2)
# An address that is never confirmed is deleted after this long.
UNCONFIRMED_KEPT = datetime.timedelta(days=365)


class SearchAlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def due(self, frequency, now):
        """The confirmed alerts of `frequency` whose period since the last digest is over at `now`."""
        period = SearchAlert.PERIODS[frequency]
        return self.confirmed().filter(frequency=frequency, covered_until__lte=now - period + DUE_SLACK)

    def stale_unconfirmed(self, now):
        """The alerts whose address was not confirmed within UNCONFIRMED_KEPT of the last request."""
        return self.unconfirmed().filter(requested_at__lt=now - UNCONFIRMED_KEPT)

    def of(self, email, query):
        """The alert of this address (in any case) for this search (a canonical query string)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower(), query=query)


class SearchAlert(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    PERIODS = {
        Frequency.DAILY: datetime.timedelta(days=1),
        Frequency.WEEKLY: datetime.timedelta(days=7),
    }

    email = models.EmailField(_("e-mail address"))
    query = models.TextField(
        _("search"), blank=True, help_text=_("The query string of the practice list, as the list understands it.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails: the reader's at subscription."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    requested_at = models.DateTimeField(
        _("last requested"), default=timezone.now, help_text=_("The last time someone asked for this alert.")
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    covered_until = models.DateTimeField(
        _("covered until"),
        null=True,
        blank=True,
        help_text=_("Practices published up to this moment have been considered for a digest."),
    )
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = SearchAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The query may be long: the index holds its digest.
            models.UniqueConstraint(Lower("email"), MD5("query"), name="search_alert_unique_address_search"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(covered_until__isnull=False),
                name="search_alert_confirmed_has_watermark",
            ),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "covered_until"],
                condition=Q(confirmed_at__isnull=False),
                name="search_alert_due",
            ),
            models.Index(fields=["requested_at"], condition=Q(confirmed_at__isnull=True), name="search_alert_stale"),
        ]

    def __str__(self):
        return f"{self.email}: {self.query or '*'}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, frequency, language, now=None):
        """Confirm the address (once: the watermark starts then) and take the frequency and language asked for."""
        now = now or timezone.now()
        if self.confirmed_at is None:
            self.confirmed_at = now
            self.covered_until = now  # only practices published from now on are new to the reader
        self.frequency, self.language = frequency, language
        self.save(update_fields=["confirmed_at", "covered_until", "frequency", "language"])
