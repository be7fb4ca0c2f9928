"""The data the browser tests' pages show.

`build_portal()` creates, with the factories, a small but complete portal: two partner regions in two
countries, published practices with every section filled in, an unpublished one that visitors must never
see, policy instruments with joint assessments, events with agenda, documents and participation. `png()` and
`add_image()` make and attach images.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import AgendaItem, Event, EventDocument, EventPractice, Participation, StakeholderGroup
from practices.choices import InstitutionType, Language, PracticeType, TargetGroup
from practices.images import prepare_image
from practices.models import (
    Criterion,
    CriterionAssessment,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    State,
    TransferInterest,
)
from regions.models import JointAssessment, Partner, PolicyInstrument, Region
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegionFactory,
    ReviewerFactory,
    TopicFactory,
    theme,
)


def png(width=640, height=400, colour=(46, 125, 50), label=""):
    """A real PNG image made with Pillow: a coloured rectangle with a white band."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 2 // 3, width, height], fill=(255, 255, 255))
    if label:
        draw.text((10, 10), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_image(practice, name, alt_text, order=0, **kwargs):
    """A PracticeImage prepared as an upload is (re-encoded, with a thumbnail)."""
    prepared = prepare_image(SimpleUploadedFile(name, png(label=alt_text[:20]), content_type="image/png"))
    image = PracticeImage(practice=practice, alt_text=alt_text, order=order, **kwargs)
    image.image.save(prepared.image.name, prepared.image, save=False)
    image.thumbnail.save(prepared.thumbnail.name, prepared.thumbnail, save=False)
    image.save()
    return image


def pdf(title):
    """A small, valid one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%% " + title.encode() + b"\n%%EOF\n"
    )


def practice(title, partner, themes, *, summary, description, state=State.PUBLISHED, **kwargs):
    """A practice with its own texts throughout (the factory's defaults would all match the same words)."""
    fields = {
        "resources": f"Resources of “{title}”: a coordinator and volunteers.",
        "evidence": f"Evidence for “{title}”: the yearly report of the partner.",
        "difficulties": f"Difficulties of “{title}”: keeping the volunteers.",
        "transfer_potential": f"“{title}” can be adapted by other regions.",
        **kwargs,
    }
    if state == State.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    return GoodPracticeFactory(
        title=title,
        partner=partner,
        themes=[theme(slug) for slug in themes],
        summary=summary,
        description=description,
        state=state,
        **fields,
    )


def next_year(month, day, hour, minute=0):
    """A moment of next year, in UTC."""
    return datetime.datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=datetime.UTC)


def build_portal():
    """The data of the visitor journey and of the accessibility audit (see the module docstring)."""
    reviewer = ReviewerFactory(username="reviewer")
    greece = RegionFactory(
        code="EL6",
        name="Κεντρική Ελλάδα",
        name_latin="Kentriki Ellada",
        name_en="Central Greece",
        level=Region.Level.NUTS1,
    )
    peloponnese_region = RegionFactory(
        code="EL65",
        name="Πελοπόννησος",
        name_latin="Peloponnisos",
        name_en="Peloponnese",
        level=Region.Level.NUTS2,
        parent=greece,
        country="EL",
        typology=Region.Typology.RURAL,
        description="Mountains, olive groves and small towns.\n\nSeven regional units, most of them rural.",
    )
    arcadia = RegionFactory(
        code="EL652",
        name="Αρκαδία",
        name_latin="Arkadia",
        name_en="Arcadia",
        level=Region.Level.NUTS3,
        parent=peloponnese_region,
    )
    haskovo_region = RegionFactory(code="BG422", name="Хасково", name_latin="Haskovo", name_en="Haskovo", country="BG")
    peloponnese = PartnerFactory(
        name="Region of Peloponnese",
        short_name="Peloponnese",
        slug="peloponnese",
        region=peloponnese_region,
        is_lead=True,
        website="https://www.ppel.gov.gr/",
        description="The regional authority of the Peloponnese, lead partner of SECON.",
    )
    haskovo = PartnerFactory(
        name="Haskovo Municipality",
        short_name="Haskovo",
        slug="haskovo",
        type=Partner.Type.LOCAL_AUTHORITY,
        region=haskovo_region,
    )

    programme = PolicyInstrumentFactory(
        name="Regional Programme Peloponnese 2021-2027",
        slug="regional-programme-peloponnese",
        partner=peloponnese,
        managing_authority="Managing Authority of the Region of Peloponnese",
        url="https://www.ppel.gov.gr/programme/",
        description="The regional programme co-funded by the European Regional Development Fund.",
        improvement_sought="A call for social enterprises in rural areas.",
        improvement_status=PolicyInstrument.ImprovementStatus.IN_PROGRESS,
    )
    assessment = JointAssessment.objects.create(
        instrument=programme,
        date=datetime.date(2025, 3, 12),
        findings="The programme reaches few social enterprises outside the towns.",
        recommendations="Reserve part of the budget for rural social enterprises.",
    )
    assessment.reviewing_partners.set([haskovo])
    strategy = PolicyInstrumentFactory(
        name="Haskovo strategy for the social economy",
        slug="haskovo-strategy",
        partner=haskovo,
        type=PolicyInstrument.Type.REGIONAL_STRATEGY,
    )

    food, consumers = (
        TopicFactory(name="Agriculture and food", slug="agriculture-food"),
        TopicFactory(name="Consumer awareness and labels", slug="consumer-awareness"),
    )
    shop = practice(
        "Village shop run by a cooperative",
        peloponnese,
        ["awareness", "social-innovation"],
        region=arcadia,
        summary="Residents of a mountain village run the last grocery as a cooperative.",
        description="The cooperative buys from local farmers and social enterprises.\n\nVolunteers staff the till.",
        practice_type=PracticeType.PROJECT,
        target_groups=[TargetGroup.CONSUMERS, TargetGroup.RURAL_COMMUNITIES],
        rural_focus=True,
        institution_type=InstitutionType.COOPERATIVE,
        main_institution="Village cooperative of Vytina",
        start_date=datetime.date(2019, 3, 1),
        budget_eur=Decimal("45000"),
        funding_source="Members' shares and a regional grant",
        website="https://coop.example.org/",
        contact_name="Eleni Papadopoulou",
        contact_email="eleni@coop.example.org",
        contact_phone="+30 2710 123456",
        contact_consent=True,
        original_language=Language.GREEK,
        title_original="Χωριάτικο μαγαζί συνεταιρισμού",
        summary_original="Οι κάτοικοι ενός ορεινού χωριού διατηρούν το τελευταίο μαγαζί ως συνεταιρισμό.",
        state=State.SUBMITTED,
        topics=[food, consumers],
    )
    shop.policy_instruments.set([programme])
    shop.publish(
        reviewer,
        assessments=[
            CriterionAssessment(criterion=criterion, score=4, comment=f"Meets the criterion “{criterion.label}”.")
            for criterion in Criterion
        ],
    )
    add_image(shop, "shop.png", "The village shop with its green shutters", caption="The shop", credit="Coop")
    add_image(shop, "till.png", "A volunteer at the till", order=1)
    PracticeResult.objects.create(practice=shop, indicator="Jobs created", value=Decimal("3"), unit="jobs", year=2024)
    PracticeResult.objects.create(
        practice=shop, indicator="Local suppliers", value=Decimal("27"), unit="suppliers", year=2024, order=1
    )
    PracticeAttachment.objects.create(
        practice=shop, title="Statutes of the cooperative", file=ContentFile(pdf("Statutes"), name="statutes.pdf")
    )

    label = practice(
        "A quality label for social enterprises",
        peloponnese,
        ["awareness", "access"],
        summary="A regional label helps consumers recognise the products of social enterprises.",
        description="An independent committee awards the label for three years.",
        topics=[consumers],
        start_date=datetime.date(2021, 6, 1),
    )
    fair = practice(
        "Social economy fair in Haskovo",
        haskovo,
        ["awareness"],
        summary="Once a year, the social enterprises of the region show their products in the town centre.",
        description="The municipality lends the square, stands and publicity.",
        practice_type=PracticeType.CAMPAIGN,
        start_date=datetime.date(2022, 9, 1),
    )
    clauses = practice(
        "Social clauses in public procurement",
        haskovo,
        ["access"],
        summary="The municipality reserves some contracts for work-integration social enterprises.",
        description="Cleaning and catering contracts carry social clauses.",
        practice_type=PracticeType.POLICY,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    draft = practice(
        "Unpublished grocery cooperative draft",
        peloponnese,
        ["awareness"],
        summary="A grocery cooperative that the partner has not submitted yet.",
        description="Still being written.",
        state=State.DRAFT,
    )
    TransferInterest.objects.create(
        practice=shop,
        partner=haskovo,
        stage=TransferInterest.Stage.ADAPTING,
        policy_instrument=strategy,
        note="Two villages near Haskovo want to open a shop.",
    )
    TransferInterest.objects.create(
        practice=fair, partner=peloponnese, stage=TransferInterest.Stage.STUDYING, policy_instrument=programme
    )

    workshop_type = EventTypeFactory(
        slug="interregional-workshop", name="Interregional workshop", target=1, target_per_country=False
    )
    meeting_type = EventTypeFactory()
    workshop = EventFactory(
        title="Interregional workshop on visibility",
        slug="interregional-workshop",
        event_type=workshop_type,
        host=peloponnese,
        country="EL",
        city="Tripoli",
        venue="Cultural centre, 1 Main Square",
        start=next_year(3, 10, 8),
        end=next_year(3, 10, 14, 30),
        time_zone="Europe/Athens",
        online_url="https://meet.example.org/workshop",
        summary="How consumers find social enterprises.",
        description="Partners present practices that make the social economy visible.",
        status=Event.Status.CONFIRMED,
    )
    workshop.themes.set([theme("awareness")])
    for order, (hour, title, speakers) in enumerate(
        [
            (8, "Welcome", "Vice-governor of the Peloponnese"),
            (9, "A label for social enterprises", ""),
            (13, "Wrap-up", ""),
        ]
    ):
        AgendaItem.objects.create(
            event=workshop,
            start=next_year(3, 10, hour),
            end=next_year(3, 10, hour, 45),
            title=title,
            speakers=speakers,
            order=order,
        )
    EventDocument.objects.create(
        event=workshop,
        title="Programme",
        kind=EventDocument.Kind.AGENDA,
        file=ContentFile(pdf("Programme"), name="programme.pdf"),
    )
    for group, count in [(StakeholderGroup.PUBLIC_AUTHORITIES, 11), (StakeholderGroup.SOCIAL_ECONOMY, 23)]:
        Participation.objects.create(event=workshop, group=group, count=count)
    EventPractice.objects.create(event=workshop, practice=shop, relation=EventPractice.Relation.PRESENTED)
    EventPractice.objects.create(event=workshop, practice=label, relation=EventPractice.Relation.VISITED)
    EventPractice.objects.create(event=workshop, practice=draft)
    past_meeting = EventFactory(
        title="First stakeholder meeting in the Peloponnese",
        slug="stakeholder-meeting-el-1",
        event_type=meeting_type,
        host=peloponnese,
        start=datetime.datetime(2024, 11, 5, 8, tzinfo=datetime.UTC),
        end=datetime.datetime(2024, 11, 5, 12, tzinfo=datetime.UTC),
        status=Event.Status.HELD,
    )
    haskovo_meeting = EventFactory(
        title="First stakeholder meeting in Haskovo",
        slug="stakeholder-meeting-bg-1",
        event_type=meeting_type,
        host=haskovo,
        country="BG",
        city="Haskovo",
        time_zone="Europe/Sofia",
        start=next_year(5, 20, 7),
        end=next_year(5, 20, 11),
    )
    return SimpleNamespace(
        reviewer=reviewer,
        peloponnese_region=peloponnese_region,
        haskovo_region=haskovo_region,
        peloponnese=peloponnese,
        haskovo=haskovo,
        programme=programme,
        strategy=strategy,
        shop=shop,
        label=label,
        fair=fair,
        clauses=clauses,
        draft=draft,
        workshop=workshop,
        past_meeting=past_meeting,
        haskovo_meeting=haskovo_meeting,
    )
