"""Factories for the portal's models. Themes come from the data migration: use `theme()`."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from events.models import Event, EventType
from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import (
    Criterion,
    CriterionAssessment,
    GoodPractice,
    PracticeResult,
    State,
    Theme,
    Topic,
    TransferInterest,
)
from regions.models import JointAssessment, Membership, Partner, PolicyInstrument, Region


def theme(slug="awareness"):
    return Theme.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


class ReviewerFactory(StaffFactory):
    """A staff member with the permission to review practices (and to view them in the admin)."""

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        codenames = ["review_goodpractice", "view_goodpractice", "change_goodpractice"]
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="practices", codename__in=codenames)
        )


class SuperuserFactory(StaffFactory):
    is_superuser = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"EL{n % 10}{chr(65 + n // 10 % 26)}{n // 260 % 10}")
    name = factory.Sequence(lambda n: f"Test region {n}")
    level = Region.Level.NUTS3
    country = "EL"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Test partner organisation {n}")
    short_name = factory.Sequence(lambda n: f"TP{n}")
    slug = factory.Sequence(lambda n: f"test-partner-{n}")
    type = Partner.Type.REGIONAL_AUTHORITY
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = Membership.Role.EDITOR


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test topic {n}")
    slug = factory.Sequence(lambda n: f"test-topic-{n}")


class PolicyInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyInstrument

    name = factory.Sequence(lambda n: f"Regional programme {n}")
    slug = factory.Sequence(lambda n: f"regional-programme-{n}")
    type = PolicyInstrument.Type.EU_PROGRAMME
    managing_authority = "Managing authority of the regional programme"
    partner = factory.SubFactory(PartnerFactory)
    region = factory.LazyAttribute(lambda instrument: instrument.partner.region)
    period_start = 2021
    period_end = 2027
    description = "A programme that funds regional development."


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    """A practice with every field that submission requires, in the draft state."""

    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Good practice {n}")
    summary = "A cooperative shop sells food from local social enterprises."
    description = "Local producers and a work-integration enterprise run the shop together."
    practice_type = PracticeType.PROJECT
    target_groups = factory.LazyFunction(lambda: [TargetGroup.CONSUMERS])
    partner = factory.SubFactory(PartnerFactory)
    region = factory.LazyAttribute(lambda practice: practice.partner.region)
    main_institution = "Village cooperative"
    institution_type = InstitutionType.COOPERATIVE
    start_date = datetime.date(2019, 3, 1)
    resources = "Two staff members and a shop building."
    evidence = "Turnover grew every year."
    difficulties = "Finding volunteers."
    transfer_potential = "Any rural municipality with a vacant shop can do it."
    state = State.DRAFT

    @factory.post_generation
    def themes(practice, create, extracted, **kwargs):
        if create:
            practice.themes.set(extracted if extracted is not None else [theme()])

    @factory.post_generation
    def topics(practice, create, extracted, **kwargs):
        if create and extracted:
            practice.topics.set(extracted)

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED,
            published_at=factory.LazyFunction(lambda: datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)),
        )


class PracticeResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeResult

    practice = factory.SubFactory(GoodPracticeFactory)
    indicator = "Jobs created"
    value = Decimal("12")
    unit = "jobs"
    year = 2024


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType
        django_get_or_create = ("slug",)

    slug = "regional-stakeholder-meeting"
    name = "Regional stakeholder meeting"
    target = 7
    target_per_country = True


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Stakeholder meeting {n}")
    slug = factory.Sequence(lambda n: f"stakeholder-meeting-{n}")
    event_type = factory.SubFactory(EventTypeFactory)
    host = factory.SubFactory(PartnerFactory)
    country = "EL"
    city = "Tripoli"
    start = factory.LazyFunction(lambda: datetime.datetime(2026, 5, 12, 8, tzinfo=datetime.UTC))
    end = factory.LazyFunction(lambda: datetime.datetime(2026, 5, 12, 14, tzinfo=datetime.UTC))
    time_zone = "Europe/Athens"
    status = Event.Status.CONFIRMED


class JointAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointAssessment
        skip_postgeneration_save = True

    instrument = factory.SubFactory(PolicyInstrumentFactory)
    date = datetime.date(2025, 6, 12)
    findings = "The programme reaches few rural social enterprises."
    recommendations = "Add a rural window to the call for proposals."

    @factory.post_generation
    def reviewing_partners(assessment, create, extracted, **kwargs):
        if create and extracted:
            assessment.reviewing_partners.set(extracted)


class TransferInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferInterest

    practice = factory.SubFactory(GoodPracticeFactory, published=True)
    partner = factory.SubFactory(PartnerFactory)
    stage = TransferInterest.Stage.INTERESTED
    note = "We would like to adapt it to our mountain villages."


def seven_scores(score=4):
    """A reviewer's assessment of every one of the seven criteria, which publishing needs."""
    return [CriterionAssessment(criterion=criterion, score=score) for criterion in Criterion]
