from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.models.state import State


class Review(models.Model):
    """One step of the workflow of a practice: who moved it from which state to which, and why."""

    practice = models.ForeignKey(
        "practices.GoodPractice", models.CASCADE, related_name="reviews", verbose_name=_("practice")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        indexes = [models.Index(fields=["practice", "created_at"], name="review_practice_created")]

    def __str__(self):
        return f"{self.practice}: {self.get_from_state_display()} -> {self.get_to_state_display()}"


class Criterion(models.TextChoices):
    """SECON's seven selection criteria for good practices."""

    RELEVANCE = "relevance", _("Relevance")
    DURATION = "duration", _("In place for at least two years")
    QUALITY_ASSURANCE = "quality_assurance", _("Quality-assurance procedures")
    EFFECTIVENESS = "effectiveness", _("Effectiveness and efficiency")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    TRANSFERABILITY = "transferability", _("Transferability")
    ETHICS = "ethics", _("Ethics")

    @property
    def explanation(self):
        """What the criterion asks, in one line (shown to reviewers and to readers of the assessment)."""
        return CRITERION_EXPLANATIONS[self]


CRITERION_EXPLANATIONS = {
    Criterion.RELEVANCE: _("It answers a real need of the social economy in its region, in line with SECON's aims."),
    Criterion.DURATION: _("It has been running for at least two years, long enough to show results."),
    Criterion.QUALITY_ASSURANCE: _("It checks its work and its results regularly, and improves them."),
    Criterion.EFFECTIVENESS: _("It achieved measurable results, in proportion to the resources it used."),
    Criterion.SUSTAINABILITY: _("It can go on without the funding or the project that started it."),
    Criterion.TRANSFERABILITY: _("Other regions could take it over or adapt it, and what that needs is known."),
    Criterion.ETHICS: _("It treats its participants fairly and respects their rights and their data."),
}


def check_publishing_assessment(assessments):
    """Publishing needs the reviewer's assessment: one score from 1 to 5 for each of the seven criteria.

    `assessments`: unsaved CriterionAssessment objects. Raises ValidationError (code "criteria_missing")
    naming the criteria without a score. The one home of this rule: GoodPractice.publish() calls it,
    whatever path asks for publication, and the forms call it to mark the criteria left out.
    """
    scored = {assessment.criterion for assessment in assessments if assessment.score}
    missing = [criterion for criterion in Criterion if criterion not in scored]
    if missing:
        raise ValidationError(
            _("Score all seven criteria to publish the practice; not scored: %(criteria)s."),
            code="criteria_missing",
            params={"criteria": ", ".join(str(criterion.label) for criterion in missing), "missing": missing},
        )


class CriterionAssessment(models.Model):
    """The reviewer's assessment of a practice against one of the seven criteria."""

    SCORES = [
        (1, _("1 - not met")),
        (2, _("2 - weak")),
        (3, _("3 - adequate")),
        (4, _("4 - good")),
        (5, _("5 - excellent")),
    ]

    review = models.ForeignKey(Review, models.CASCADE, related_name="assessments", verbose_name=_("review step"))
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), choices=SCORES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["review", "criterion"]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_assessment_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="assessment_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.score}"
