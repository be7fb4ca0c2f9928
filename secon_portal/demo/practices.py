"""Create the sample practices and take each to its state through the workflow methods."""

import datetime
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from practices.images import prepare_image
from practices.models import (
    Criterion,
    CriterionAssessment,
    GoodPractice,
    PracticeImage,
    PracticeResult,
    State,
    Theme,
    Topic,
)
from regions.models import Partner, Region
from secon_portal.demo.accounts import editor_username
from secon_portal.demo.content import PRACTICES
from secon_portal.demo.pictures import abstract_picture

SAMPLE_NOTE = (
    "Sample content: this practice and {institution} are invented to show how the portal presents a good "
    "practice; they describe no real organisation or project."
)
FUNDING_SOURCES = (
    "Municipal budget and own income",
    "Regional development programme",
    "Own income and membership fees",
    "Grant from a private foundation",
    "Loans from social investors and own income",
)
CRITERION_COMMENTS = {
    Criterion.RELEVANCE: "Answers a need shared by several partner regions.",
    Criterion.DURATION: "Start date checked against the description.",
    Criterion.QUALITY_ASSURANCE: "Results are reviewed once a year.",
    Criterion.EFFECTIVENESS: "Results are measured and reported with figures.",
    Criterion.SUSTAINABILITY: "Funding does not depend on a single grant.",
    Criterion.TRANSFERABILITY: "The description says what another region would need.",
    Criterion.ETHICS: "No concerns found.",
}


def slug_for(sample):
    return f"sample-{sample.key}"


def create_sample_practices(users, instruments, seed=2024):
    """Create the sample practices that do not exist yet; returns the new ones."""
    rng = random.Random(seed)
    partners = {partner.slug: partner for partner in Partner.objects.select_related("region")}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    existing = set(
        GoodPractice.objects.filter(slug__in=[slug_for(sample) for sample in PRACTICES]).values_list("slug", flat=True)
    )
    reviewer = users["reviewer"]
    created = []
    seen_partners = set()
    for index, sample in enumerate(PRACTICES):
        partner = partners[sample.partner]
        first_of_partner = sample.partner not in seen_partners
        seen_partners.add(sample.partner)
        if slug_for(sample) in existing:
            continue
        editor = users[editor_username(partner)]
        practice = _create_practice(sample, partner, editor, rng, in_partner_region=first_of_partner)
        practice.themes.set([themes[slug] for slug in sample.themes])
        practice.topics.set([topics[slug] for slug in sample.topics])
        practice.policy_instruments.set([instrument for instrument in instruments if instrument.partner == partner])
        # With their history, as results entered through the form have: "What changed" compares with it.
        bulk_create_with_history(
            [
                PracticeResult(
                    practice=practice,
                    indicator=indicator,
                    value=Decimal(str(value)),
                    unit=unit,
                    year=min(datetime.date.today().year - 1, sample.end_year or 9999),
                    order=order,
                )
                for order, (indicator, value, unit) in enumerate(sample.results)
            ],
            PracticeResult,
            default_user=editor,
        )
        for order in range(2 if sample.state == State.PUBLISHED and index % 3 == 0 else 1):
            _add_image(practice, seed=index * 10 + order, order=order)
        _take_through_workflow(practice, sample, editor, reviewer, rng)
        created.append(practice)
    return created


def _create_practice(sample, partner, editor, rng, in_partner_region):
    language, title_original = sample.original or ("en", "")
    budget = Decimal(sample.budget)
    staff = max(1, sample.budget // 40000)
    return GoodPractice.objects.create(
        slug=slug_for(sample),
        title=sample.title,
        summary=sample.summary,
        description=f"{SAMPLE_NOTE.format(institution=sample.institution)} {sample.core}",
        practice_type=sample.practice_type,
        target_groups=list(sample.target_groups),
        rural_focus=sample.rural,
        region=partner.region if in_partner_region else _smaller_region(partner.region, rng),
        partner=partner,
        main_institution=sample.institution,
        institution_type=sample.institution_type,
        start_date=datetime.date(sample.start_year, rng.randint(1, 12), 1),
        end_date=datetime.date(sample.end_year, 12, 31) if sample.end_year else None,
        resources=f"About {staff} paid staff, volunteers, and a total budget of {sample.budget:,} euros.",
        budget_eur=budget,
        funding_source=rng.choice(FUNDING_SOURCES),
        evidence=sample.evidence,
        difficulties=sample.lesson,
        transfer_potential=sample.transfer,
        contact_name="Sample Contact Person",
        contact_email="contact@example.org",
        contact_consent=rng.random() < 0.5,
        original_language=language,
        title_original=title_original,
        is_sample=True,
        created_by=editor,
    )


def _smaller_region(region, rng):
    """A NUTS 3 region within `region` (the region itself when it is NUTS 3 already)."""
    candidates = list(
        Region.objects.filter(level=Region.Level.NUTS3, code__startswith=region.code).exclude(pk=region.pk)
    )
    return rng.choice(candidates) if candidates else region


def _add_image(practice, seed, order):
    upload, alt_text = abstract_picture(seed)
    prepared = prepare_image(upload)
    image = PracticeImage(
        practice=practice,
        alt_text=alt_text,
        caption="Sample illustration",
        credit="Generated sample image",
        order=order,
    )
    image.image.save(prepared.image.name, prepared.image, save=False)
    image.thumbnail.save(prepared.thumbnail.name, prepared.thumbnail, save=False)
    image.save()


def _take_through_workflow(practice, sample, editor, reviewer, rng):
    if sample.state == State.DRAFT:
        return
    practice.submit(editor, "Ready for review.")
    if sample.state == State.SUBMITTED:
        return
    if sample.state == State.CHANGES_REQUESTED or sample.revised:
        practice.request_changes(
            reviewer, "Please add figures to the evidence of success and say how they were measured."
        )
        if sample.state == State.CHANGES_REQUESTED:
            return
        practice.submit(editor, "Figures added to the evidence, as asked.")
    practice.publish(reviewer, "Meets the selection criteria.", assessments=_assessments(sample, rng))
    if sample.state == State.ARCHIVED:
        practice.archive(reviewer, "The practice has ended; kept for reference.")


def _assessments(sample, rng):
    years_running = (sample.end_year or datetime.date.today().year) - sample.start_year
    return [
        CriterionAssessment(
            criterion=criterion,
            score=(5 if years_running >= 2 else 2) if criterion == Criterion.DURATION else rng.randint(3, 5),
            comment=CRITERION_COMMENTS[criterion],
        )
        for criterion in Criterion
    ]
