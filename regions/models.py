import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.countries import Country, country_choices

# The interface languages written in a script other than Latin, and that script (as Unicode names it).
SCRIPT_OF_LANGUAGE = {"el": "GREEK", "bg": "CYRILLIC"}

# A NUTS region lies within itself, its parent and its parent's parent: the classification has three
# levels under the country. The chain follows `parent`, as the classification links the regions, and
# never the codes (Northern Ireland's UKN10 lies within UKN0, and no "UKN1" exists).
ENCLOSING = ("", "parent", "parent__parent")


def _field(path, step):
    return "__".join(part for part in (path, step) if part) or "pk"


def within(regions, path="region"):
    """A Q keeping the rows whose region is one of `regions` or lies within one of them.

    `regions`: a Region or a queryset of regions. `path`: the foreign key to Region of the rows
    filtered ("" when they are regions themselves).
    """
    lookup = "in" if isinstance(regions, models.QuerySet) else "exact"
    condition = Q()
    for step in ENCLOSING:
        condition |= Q(**{f"{_field(path, step)}__{lookup}": regions})
    return condition


def enclosing_codes(path="region"):
    """Lookups giving, for a row with a foreign key `path` to Region, the codes of every region it lies within."""
    return tuple(f"{_field(path, step)}__code" for step in ENCLOSING)


class RegionQuerySet(models.QuerySet):
    def partner_regions(self):
        """Regions where a SECON partner is based."""
        return self.filter(Exists(Partner.objects.filter(region=OuterRef("pk"))))

    def with_partner_flag(self):
        """Each region with `is_partner_region`."""
        return self.annotate(is_partner_region=Exists(Partner.objects.filter(region=OuterRef("pk"))))

    def outside_partner_regions(self):
        """Regions that are neither a partner region nor within one."""
        return self.exclude(within(self.model.objects.partner_regions(), path=""))


class Region(models.Model):
    """A region of the NUTS 2024 classification (levels 1 to 3), loaded by `manage.py load_regions`."""

    class Level(models.IntegerChoices):
        NUTS1 = 1, _("NUTS 1 (major socio-economic region)")
        NUTS2 = 2, _("NUTS 2 (basic region)")
        NUTS3 = 3, _("NUTS 3 (small region)")

    class Typology(models.TextChoices):
        URBAN = "urban", _("Predominantly urban")
        INTERMEDIATE = "intermediate", _("Intermediate")
        RURAL = "rural", _("Predominantly rural")

    code = models.CharField(_("NUTS code"), max_length=5, unique=True)
    name = models.CharField(_("official name"), max_length=200, help_text=_("As in the NUTS classification."))
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=200,
        blank=True,
        help_text=_("As Eurostat writes it in Latin letters, e.g. Peloponnisos for Πελοπόννησος."),
    )
    name_en = models.CharField(
        _("English name"), max_length=200, blank=True, help_text=_("Shown instead of the official name when set.")
    )
    level = models.PositiveSmallIntegerField(_("NUTS level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent region")
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    typology = models.CharField(_("urban-rural typology"), max_length=12, choices=Typology.choices, blank=True)
    description = models.TextField(_("profile"), blank=True, help_text=_("Shown on the page of a partner region."))
    image = models.ImageField(_("image"), upload_to="regions/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Alternative text for people who cannot see it."),
    )

    objects = RegionQuerySet.as_manager()

    # What display_name, full_name and str() read: enough for .only() where many regions are listed.
    NAME_FIELDS = ("code", "name", "name_latin", "name_en", "country")

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="region_image_has_alt_text",
                violation_error_message=_("An image needs a description (alternative text)."),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.code})"

    def get_absolute_url(self):
        return reverse("regions:region-detail", args=[self.code])

    # The names of regions follow one rule, for every page and language:
    # - readers whose language is written in the region's own script read its official name
    #   (a Greek reader: Πελοπόννησος; a Bulgarian reader: Хасково);
    # - everyone else reads it in Latin script, as Eurostat writes it (Peloponnisos), or in English
    #   where staff gave it an English name and the reader reads English (Peloponnese);
    # - full_name adds the official name after a Latin one when it is in another script:
    #   "Peloponnisos (Πελοπόννησος)", so that nobody is left with a name they cannot read or say.

    @property
    def script(self):
        """The script of the official name, as Unicode names it: LATIN, GREEK, CYRILLIC."""
        letter = next((character for character in self.name if character.isalpha()), "a")
        return unicodedata.name(letter, "LATIN").split()[0]

    @property
    def display_name(self):
        """The region's name for the reader of the active language (see the rule above)."""
        language = (get_language() or "en").split("-")[0]
        if self.script != "LATIN" and SCRIPT_OF_LANGUAGE.get(language) == self.script:
            return self.name
        if language == "en" and self.name_en:
            return self.name_en
        return self.name_latin or self.name

    @property
    def full_name(self):
        """display_name, followed by the official name when that is in a script other than the one shown."""
        shown = self.display_name
        if shown != self.name and self.script != "LATIN":
            return f"{shown} ({self.name})"
        return shown

    @property
    def country_name(self):
        """Like get_country_display(), without building the dict of all the choices on every call."""
        return str(Country(self.country).label)

    @property
    def official_name_differs(self):
        """Whether the reader is shown a name other than the official one (the region's page then gives both)."""
        return self.display_name != self.name

    def instruments(self):
        """The policy instruments of this region or of the partners based in it."""
        return PolicyInstrument.objects.filter(Q(region=self) | Q(partner__region=self))


class Partner(models.Model):
    """One of the organisations of the SECON partnership."""

    class Type(models.TextChoices):
        REGIONAL_AUTHORITY = "regional_authority", _("Regional public authority")
        LOCAL_AUTHORITY = "local_authority", _("Local public authority")
        NGO = "ngo", _("Non-governmental organisation")
        AGENCY = "agency", _("Regional development agency or association")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    slug = models.SlugField(_("slug"), unique=True)
    type = models.CharField(_("type of organisation"), max_length=30, choices=Type.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="partners", verbose_name=_("region"))
    is_lead = models.BooleanField(_("lead partner"), default=False)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="partners", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["is_lead"],
                condition=Q(is_lead=True),
                name="one_lead_partner",
                violation_error_message=_("Only one partner can be the lead partner."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def country(self):
        return self.region.country

    def get_country_display(self):
        return self.region.country_name


class MembershipQuerySet(models.QuerySet):
    def active_editors(self):
        """The memberships that let their user write the partner's practices (Membership.grants_editing)."""
        return self.filter(role=Membership.Role.EDITOR, user__is_active=True)


class Membership(models.Model):
    """A user who works for a partner organisation on the portal."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor (writes and submits good practices)")
        CONTACT = "contact", _("Contact (named contact, does not edit)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    partner = models.ForeignKey(Partner, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="one_membership_per_partner")]

    def __str__(self):
        return f"{self.user} - {self.partner.short_name} ({self.get_role_display()})"

    @property
    def grants_editing(self):
        """Whether the member writes the partner's practices: an editor whose account is active.

        The same rule as MembershipQuerySet.active_editors(), for a membership already loaded.
        """
        return self.role == self.Role.EDITOR and self.user.is_active


class PolicyInstrument(models.Model):
    """A regional or national instrument that a partner region aims to improve through SECON."""

    class Type(models.TextChoices):
        EU_PROGRAMME = "eu_programme", _("EU-funded programme (e.g. ERDF or ESF+ programme)")
        NATIONAL_PROGRAMME = "national_programme", _("National programme")
        REGIONAL_STRATEGY = "regional_strategy", _("Regional strategy or plan")
        LOCAL_STRATEGY = "local_strategy", _("Local strategy or plan")
        LEGISLATION = "legislation", _("Law or regulation")
        OTHER = "other", _("Other")

    class ImprovementStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    type = models.CharField(_("type of instrument"), max_length=30, choices=Type.choices)
    managing_authority = models.CharField(_("managing authority"), max_length=250)
    region = models.ForeignKey(Region, models.PROTECT, related_name="policy_instruments", verbose_name=_("region"))
    partner = models.ForeignKey(
        Partner, models.PROTECT, related_name="policy_instruments", verbose_name=_("responsible partner")
    )
    period_start = models.PositiveSmallIntegerField(_("period from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period to (year)"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    description = models.TextField(_("description"), max_length=5000)
    improvement_sought = models.TextField(_("improvement sought"), max_length=3000, blank=True)
    improvement_status = models.CharField(
        _("status of the improvement"),
        max_length=20,
        choices=ImprovementStatus.choices,
        default=ImprovementStatus.NOT_STARTED,
    )
    is_sample = models.BooleanField(
        _("sample content"), default=False, help_text=_("Demonstration content, labelled as such on every page.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="policy_instrument_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:instrument-detail", args=[self.slug])

    @property
    def period(self):
        if self.period_start and self.period_end:
            return f"{self.period_start}\u2013{self.period_end}"
        return str(self.period_start or self.period_end or "")


class JointAssessment(models.Model):
    """A joint review of a policy instrument by partners of other regions."""

    instrument = models.ForeignKey(
        PolicyInstrument, models.CASCADE, related_name="assessments", verbose_name=_("policy instrument")
    )
    date = models.DateField(_("date"))
    reviewing_partners = models.ManyToManyField(
        Partner, related_name="joint_assessments", verbose_name=_("reviewing partners")
    )
    findings = models.TextField(_("findings"), max_length=5000)
    recommendations = models.TextField(_("recommendations"), max_length=5000, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("joint assessment")
        verbose_name_plural = _("joint assessments")

    def __str__(self):
        return _("Assessment of %(instrument)s on %(date)s") % {"instrument": self.instrument, "date": self.date}
