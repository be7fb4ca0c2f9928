from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField, TrigramWordSimilarity
from django.db import models
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from practices import rules, search
from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.fields import ChoiceArrayField
from practices.models.content import PracticeImage
from practices.models.editing import EditingMixin
from practices.models.facet_bitmap import FacetBitmap
from practices.models.history import PracticeVersion, RecordingMixin
from practices.models.review import Criterion, Review
from practices.models.state import State
from practices.models.transfer import TransferInterest
from practices.models.workflow import WorkflowMixin
from regions.models import PolicyInstrument, Region, within
from secon_portal.db import count_of

# Addresses under /practices/ that are pages, not practices.
RESERVED_SLUGS = {"new", "mine", "review", "map"}
# The fields of a practice that its card in a list shows (practices/includes/practice_card.html).
CARD_FIELDS = (
    "title",
    "title_original",
    "slug",
    "summary",
    "summary_original",
    "original_language",
    "start_date",
    "is_sample",
    "published_at",
    "region",
    "partner",
)
# What a card (and the API's list, secon_portal/api/practices.py) says of the submitting partner.
PARTNER_CARD_FIELDS = ("partner__short_name", "partner__name", "partner__slug")
# How many of the newest practices sharing a theme are weighed as related practices (besides the region's).
RELATED_POOL = 200


@dataclass(frozen=True)
class ReaderText:
    """A practice's title and summary in one language, with its `lang` tag (empty when unknown)."""

    title: str
    summary: str
    lang: str


class GoodPracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        """What `user` may read (practices.rules.can_see)."""
        return self.filter(rules.visible_q(user))

    def within(self, region):
        """Practices located in `region` or in a region within it."""
        return self.filter(within(region))

    def ongoing(self, today=None):
        """Practices with no end date, or one of today or later."""
        today = today or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def ended(self, today=None):
        """Practices that ended before today: every other one is ongoing()."""
        return self.filter(end_date__lt=today or timezone.localdate())

    def in_index(self, facet, values):
        """Practices that have any of `values` of the facet `facet`, as the facet index says (practices/facets.py).

        The bit strings are stored out of line (TOAST): substring() reads them once for the query instead of
        once for every row it looks at.
        """
        table = FacetBitmap._meta.db_table
        bits = f"SELECT substring(bit_or(bits) FROM 1) FROM {table} WHERE facet = %s AND value = ANY(%s)"
        has_value = RawSQL(
            f"secon_has_bit(({bits}), {self.model._meta.db_table}.id)",
            [facet, list(values)],
            output_field=BooleanField(),
        )
        return self.alias(**{f"in_{facet}": has_value}).filter(**{f"in_{facet}": True})

    def search(self, text, language=None):
        """Practices matching the visitor's `text` in any of their search vectors (practices/search.py), each with
        its `rank` (exact matches first). `language`: the visitor's, by default the active one."""
        queries = search.Queries.of(text, language)
        return self.filter(queries.condition()).annotate(rank=queries.rank())

    def with_snippets(self, text, language=None):
        """Each practice with a `snippet` of the passages that match `text`; for the few a page shows."""
        return self.annotate(snippet=search.Queries.of(text, language).snippet())

    def similar_titles(self, text):
        """Practices whose title has words like those of `text` (for a search that found nothing), the most alike
        first: each word counts on its own, so that "cooprative shop" finds "Village shop run by a cooperative"."""
        words = list(dict.fromkeys(word.lower() for word in search.wanted_words(text) if len(word) >= 3))
        words = words[: search.MAX_TERMS]
        if not words:
            return self.none()
        alike = Q()
        for word in words:
            alike |= Q(title__trigram_word_similar=word)
        similarity = sum((TrigramWordSimilarity(word, "title") for word in words), start=Value(0.0))
        return self.filter(alike).annotate(similarity=similarity).order_by("-similarity", "pk")

    def awaiting_review(self):
        """The review queue: submitted practices and revisions, the longest waiting first (by `submitted_at`, from
        the index practice_review_queue), each with `submissions`: a list holding its latest submission step, with
        who took it."""
        latest = Review.objects.filter(to_state=State.SUBMITTED).select_related("actor").order_by("-created_at", "-pk")
        return (
            self.filter(state=State.SUBMITTED)
            .select_related("partner", "region", "revision_of")
            .prefetch_related(Prefetch("reviews", queryset=latest[:1], to_attr="submissions"))
            .order_by(F("submitted_at").asc(nulls_last=True), "pk")
        )

    def for_cards(self):
        """With what a practice's card in a list shows, and no more: a list sorts its rows, and narrow rows sort
        faster. With each practice's first image (with_card_image).
        """
        return (
            self.select_related("region", "partner")
            .only(*CARD_FIELDS, *(f"region__{name}" for name in Region.NAME_FIELDS), *PARTNER_CARD_FIELDS)
            .prefetch_related("themes")
            .with_card_image()
        )

    def with_card_image(self):
        """Each practice with `card_images`: a list of its first image (in PracticeImage order), or an empty one
        (templates/practices/includes/practice_card_image.html). One query for all the practices of a page,
        which reads one image of each however many it has."""
        first_image = PracticeImage.objects.only("practice_id", "image", "thumbnail", "alt_text")[:1]
        return self.prefetch_related(Prefetch("images", queryset=first_image, to_attr="card_images"))

    def with_page_details(self):
        """Everything the practice page shows, in a fixed number of queries whatever the practice holds."""
        event_practices = self.model._meta.get_field("event_practices").related_model  # events imports practices
        cancelled = event_practices._meta.get_field("event").related_model.Status.CANCELLED
        stages = TransferInterest.Stage.values
        furthest_first = Case(*(When(stage=stage, then=Value(-i)) for i, stage in enumerate(stages)))
        return self.select_related("region", "partner__region").prefetch_related(
            "themes",
            "topics",
            "images",
            "attachments",
            "results",
            Prefetch("policy_instruments", queryset=PolicyInstrument.objects.select_related("region")),
            Prefetch(
                "transfer_interests",
                queryset=TransferInterest.objects.select_related("partner__region", "policy_instrument").order_by(
                    furthest_first, "partner__name"
                ),
            ),
            Prefetch(
                "event_practices",
                queryset=event_practices.objects.exclude(event__status=cancelled)
                .select_related("event")
                .order_by(F("event__start").desc(nulls_last=True), "event__title"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(to_state=State.PUBLISHED)
                .order_by("-created_at", "-pk")
                .prefetch_related("assessments"),
                to_attr="publishing_reviews",
            ),
        )

    def related_to(self, practice, limit=4, pool=RELATED_POOL):
        """Up to `limit` other published practices that share themes or the region with `practice`. One query.

        Most shared first (each shared theme counts one, the same region one), then the newest. Weighed are
        the `pool` newest practices of the region and the `pool` newest that share a theme: exact for a
        catalogue of that size, and bounded work however large it grows (with only four themes, sharing one
        is the rule; scoring every practice took a second at 100,000).
        """
        through = self.model.themes.through
        its_themes = through.objects.filter(goodpractice_id=practice.pk).values("theme_id")
        sharing = through.objects.filter(goodpractice_id=OuterRef("pk"), theme_id__in=its_themes)
        others = self.published().exclude(pk=practice.pk)
        newest = ("-published_at", "-pk")
        candidates = others.filter(Exists(sharing)).order_by(*newest).values("pk")[:pool]
        region_score = Value(0)
        if practice.region_id:
            of_region = others.filter(region_id=practice.region_id).order_by(*newest).values("pk")[:pool]
            candidates = candidates.union(of_region)
            region_score = Case(When(region_id=practice.region_id, then=Value(1)), default=Value(0))
        return (
            others.filter(pk__in=candidates)
            .annotate(shared=count_of(sharing) + region_score)
            .select_related("region", "partner")
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )


@dataclass(frozen=True)
class CriterionRow:
    """One of the seven criteria and the reviewer's assessment of it (None when it was not assessed)."""

    criterion: Criterion
    assessment: object


@dataclass(frozen=True)
class PublishedAssessment:
    """The assessment of the review step that published a practice, one row per criterion in Criterion order."""

    review: Review
    rows: list


class GoodPractice(WorkflowMixin, EditingMixin, RecordingMixin, models.Model):
    """A good practice in the SECON template, from draft to publication."""

    title = models.CharField(_("title"), max_length=150, help_text=_("A short, descriptive title in English."))
    slug = models.SlugField(_("slug"), max_length=160, unique=True, blank=True)
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("What the practice is and does, in a few sentences.")
    )
    description = models.TextField(
        _("detailed description"),
        max_length=6000,
        blank=True,
        help_text=_("How the practice works: the problem it answers, its activities, who is involved."),
    )
    themes = models.ManyToManyField("practices.Theme", related_name="practices", blank=True, verbose_name=_("themes"))
    topics = models.ManyToManyField("practices.Topic", related_name="practices", blank=True, verbose_name=_("topics"))
    practice_type = models.CharField(_("type of practice"), max_length=30, choices=PracticeType.choices, blank=True)
    target_groups = ChoiceArrayField(
        models.CharField(max_length=30, choices=TargetGroup.choices),
        verbose_name=_("target groups"),
        default=list,
        blank=True,
    )
    rural_focus = models.BooleanField(
        _("rural focus"), default=False, help_text=_("The practice is designed for or mainly used in rural areas.")
    )

    # Location and people
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("region"),
        help_text=_("Where the practice takes place: the smallest NUTS region that covers it."),
    )
    partner = models.ForeignKey(
        "regions.Partner", models.PROTECT, related_name="practices", verbose_name=_("submitting partner")
    )
    main_institution = models.CharField(_("main institution"), max_length=200, blank=True)
    institution_type = models.CharField(
        _("type of institution"), max_length=30, choices=InstitutionType.choices, blank=True
    )

    # Timescale
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty if it is ongoing."))

    # The good-practice template
    resources = models.TextField(
        _("resources needed"),
        max_length=2000,
        blank=True,
        help_text=_("Staff, money, premises and partners the practice needs."),
    )
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("Total, in euros.")
    )
    funding_source = models.CharField(_("source of funding"), max_length=250, blank=True)
    evidence = models.TextField(
        _("evidence of success"),
        max_length=3000,
        blank=True,
        help_text=_("Results achieved and how they were measured; add figures as results below."),
    )
    difficulties = models.TextField(_("difficulties encountered and lessons learned"), max_length=2000, blank=True)
    transfer_potential = models.TextField(
        _("potential for learning or transfer"),
        max_length=2000,
        blank=True,
        help_text=_("Why other regions could learn from it, and what they would need to transfer it."),
    )
    policy_instruments = models.ManyToManyField(
        PolicyInstrument, related_name="practices", blank=True, verbose_name=_("relevant policy instruments")
    )
    website = models.URLField(_("website"), blank=True)

    # Contact, public only with consent
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("the contact person agrees to be named publicly with these details"), default=False
    )

    # Original language
    original_language = models.CharField(
        _("original language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    title_original = models.CharField(_("title in the original language"), max_length=200, blank=True)
    summary_original = models.TextField(_("summary in the original language"), max_length=800, blank=True)

    # Workflow and bookkeeping
    revision_of = models.OneToOneField(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="pending_revision",
        verbose_name=_("revision of"),
        help_text=_("The published practice whose changes this working copy holds until a reviewer publishes them."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_sample = models.BooleanField(
        _("sample content"), default=False, help_text=_("Demonstration content, labelled as such on every page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # Set by each submission (workflow._transition): the review queue's order, read from an index.
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True, editable=False)
    # Full-text search (practices/search.py): the exact words, the English stems, the original language's stems.
    search_vector = models.GeneratedField(
        expression=search.exact_document(), output_field=SearchVectorField(), db_persist=True, editable=False
    )
    search_english = models.GeneratedField(
        expression=search.english_document(), output_field=SearchVectorField(), db_persist=True, editable=False
    )
    search_original = models.GeneratedField(
        expression=search.original_document(), output_field=SearchVectorField(), db_persist=True, editable=False
    )

    history = HistoricalRecords(
        m2m_fields=[themes, topics, policy_instruments],
        excluded_fields=["search_vector", "search_english", "search_original"],
        bases=[PracticeVersion],
    )
    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        permissions = [("review_goodpractice", _("Can review good practices (publish, request changes, archive)"))]
        indexes = [
            # The sort orders of the public list, over published practices.
            models.Index(
                F("published_at").desc(), F("id").desc(), condition=Q(state=State.PUBLISHED), name="practice_newest"
            ),
            models.Index("title", "id", condition=Q(state=State.PUBLISHED), name="practice_title"),
            models.Index(
                F("start_date").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(state=State.PUBLISHED),
                name="practice_latest_start",
            ),
            GinIndex(fields=["target_groups"], name="practice_target_groups"),
            # The full-text search, which only the published practices go through (PracticeFilterSet.of_published):
            # with the state in the index, the planner need not intersect the matches with a list of the published.
            GinIndex(fields=["search_vector"], condition=Q(state=State.PUBLISHED), name="practice_search"),
            GinIndex(fields=["search_english"], condition=Q(state=State.PUBLISHED), name="practice_search_english"),
            GinIndex(fields=["search_original"], condition=Q(state=State.PUBLISHED), name="practice_search_original"),
            models.Index(fields=["end_date"], condition=Q(state=State.PUBLISHED), name="practice_published_end_date"),
            models.Index(fields=["region"], condition=Q(state=State.PUBLISHED), name="practice_published_region"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="practice_title_trigram"),
            # The sitemap's pages of published practices: read from the index alone, however deep the page.
            models.Index(
                "id", include=["slug", "updated_at"], condition=Q(state=State.PUBLISHED), name="practice_sitemap"
            ),
            # The review queue, the longest waiting first.
            models.Index(
                F("submitted_at").asc(nulls_last=True),
                "id",
                condition=Q(state=State.SUBMITTED),
                name="practice_review_queue",
            ),
            # A partner's dashboard: the count of each state and the latest practices of each.
            models.Index(
                "partner", "state", F("updated_at").desc(), F("id").desc(), name="practice_partner_state_updated"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="practice_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="practice_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        if self.pk and kwargs.get("update_fields") is None:
            self.version += 1  # a change of content (workflow steps save only their own fields)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("practices:practice-detail", args=[self.slug])

    def unique_slug(self, base=None):
        base = (base or slugify(self.title))[:150] or "practice"
        slug, n = base, 1
        while slug in RESERVED_SLUGS or GoodPractice.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @property
    def country(self):
        return self.region.country if self.region else ""

    @property
    def is_published(self):
        return self.state == State.PUBLISHED

    @property
    def has_public_contact(self):
        """Whether the contact person agreed to be shown, and there is something to show."""
        return self.contact_consent and bool(self.contact_name or self.contact_email or self.contact_phone)

    @property
    def original_language_tag(self):
        """The original language as a `lang` attribute value; empty for "other", which has no tag."""
        return "" if self.original_language == Language.OTHER else self.original_language

    def texts_for(self, language):
        """The title and summary in the order readers of `language` (a language code) read them.

        Readers of a practice's original language see its original title and summary first, the English
        ones beside them; everyone else sees the English first, the original beside it (a practice is
        written in English and may carry its title and summary in its original language).
        """
        english = ReaderText(self.title, self.summary, "en")
        original = ReaderText(self.title_original, self.summary_original, self.original_language_tag)
        if self.title_original and self.original_language == language.split("-")[0]:
            return original, english
        return english, original

    def target_group_labels(self):
        return [TargetGroup(value).label for value in self.target_groups if value in TargetGroup.values]

    def related_practices(self, limit=4):
        """Other published practices sharing themes or the region, most shared first (one query)."""
        return GoodPractice.objects.related_to(self, limit)

    def published_assessment(self):
        """The assessment from the review step that last published the practice, or None.

        None also when that step assessed no criterion. Uses the prefetch of with_page_details() when there is one.
        """
        reviews = getattr(self, "publishing_reviews", None)
        if reviews is None:
            reviews = self.reviews.filter(to_state=State.PUBLISHED).order_by("-created_at", "-pk")
            reviews = reviews.prefetch_related("assessments")[:1]
        review = next(iter(reviews), None)
        if review is None:
            return None
        by_criterion = {assessment.criterion: assessment for assessment in review.assessments.all()}
        if not by_criterion:
            return None
        rows = [CriterionRow(criterion, by_criterion.get(criterion.value)) for criterion in Criterion]
        return PublishedAssessment(review, rows)


class DeletedPracticeManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(history_type="-")


class DeletedPractice(GoodPractice.history.model):
    """The revision history's record of a deleted practice: the staff's list of deletions (practices/admin.py)."""

    objects = DeletedPracticeManager()

    class Meta:
        proxy = True
        verbose_name = _("deleted practice")
        verbose_name_plural = _("deleted practices")
