"""The staff admin in tests: URLs, permissions, the data of its forms, and one typical row of every registered model."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from events.models import AgendaItem, Event, EventType, Participation
from practices.models import (
    CriterionAssessment,
    DeletedPractice,
    GoodPractice,
    Review,
    SearchAlert,
    State,
    Theme,
    Topic,
    TransferInterest,
)
from regions.models import Partner, PolicyInstrument, Region
from secon_portal.mail import queue_email
from tests.factories import (
    EventFactory,
    EventTypeFactory,
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    PracticeResultFactory,
    RegionFactory,
    StaffFactory,
    TopicFactory,
    theme,
)

User = get_user_model()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def inline_management_data(response):
    """The management forms of every inline on an admin add/change page, with no inline rows posted.

    Posting no forms leaves existing inline rows as they are.
    """
    data = {}
    for inline_admin_formset in response.context.get("inline_admin_formsets", []):
        prefix = inline_admin_formset.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def grant(user, *perms):
    """Give `user` permissions named "app_label.codename"."""
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached on the instance


def practice_form_data(page, **changes):
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(inline_management_data(page))
    data.update(changes)
    return data


# One typical row of every registered model, with the related rows its changelist shows.
def build_region():
    parent = RegionFactory(level=Region.Level.NUTS2)
    return RegionFactory(parent=parent)


def build_partner():
    return MembershipFactory().partner


def build_instrument():
    return PolicyInstrumentFactory(is_sample=True)


def build_theme():
    return theme("access")


def build_practice():
    practice = GoodPracticeFactory(topics=[TopicFactory()])
    PracticeResultFactory(practice=practice)
    return practice


def build_review():
    practice = GoodPracticeFactory(state=State.SUBMITTED)
    review = Review.objects.create(
        practice=practice,
        actor=StaffFactory(),
        from_state=State.DRAFT,
        to_state=State.SUBMITTED,
        comment="Ready for review.",
    )
    CriterionAssessment.objects.create(review=review, criterion="relevance", score=4)
    return review


def build_deleted_practice():
    membership = MembershipFactory()
    draft = GoodPracticeFactory(partner=membership.partner)
    pk = draft.pk
    draft.delete_draft(membership.user)
    return DeletedPractice.objects.get(id=pk)


def build_task_result():
    queue_email(EmailMessage("Subject", "Body", to=["anna@example.org"]))
    return DBTaskResult.objects.latest("enqueued_at")


def build_transfer_interest():
    return TransferInterest.objects.create(practice=GoodPracticeFactory(), partner=PartnerFactory())


def build_event_type():
    n = EventType.objects.count()
    return EventTypeFactory(slug=f"event-type-{n}", name=f"Event type {n}")


def build_event():
    event = EventFactory()
    event.themes.set([theme()])
    Participation.objects.create(event=event, group="social_economy", count=12)
    AgendaItem.objects.create(event=event, title="Welcome")
    return event


def build_search_alert():
    n = SearchAlert.objects.count()
    return SearchAlert.objects.create(email=f"reader{n}@example.org", query="theme=access")


def build_user():
    return MembershipFactory().user


def build_group():
    return Group.objects.create(name=f"Group {Group.objects.count()}")


BUILDERS = {
    Region: build_region,
    Partner: build_partner,
    PolicyInstrument: build_instrument,
    Theme: build_theme,
    Topic: TopicFactory,
    GoodPractice: build_practice,
    Review: build_review,
    DeletedPractice: build_deleted_practice,
    DBTaskResult: build_task_result,
    TransferInterest: build_transfer_interest,
    SearchAlert: build_search_alert,
    EventType: build_event_type,
    Event: build_event,
    User: build_user,
    Group: build_group,
}


REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
