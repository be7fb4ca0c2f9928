"""Taking the review steps in the staff admin: actions on the changelist, the step pages, their messages."""

from django.contrib.messages import get_messages

from practices.models import Criterion, GoodPractice
from tests.admin import admin_url

CHANGELIST = admin_url(GoodPractice, "changelist")


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def run_action(client, action, practices, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in practices], "index": "0", **extra}
    return client.post(CHANGELIST, data)


def step_url(practice, step):
    return admin_url(GoodPractice, "workflow", practice.pk, step)


def reviews_of(practice):
    return list(practice.reviews.values_list("from_state", "to_state", "actor__username", "comment"))


# Actions on the changelist
def scores(practice=None, score="4"):
    """The seven scores as the admin's publish form posts them (with the practice's prefix on the bulk page)."""
    prefix = f"practice-{practice.pk}-" if practice else ""
    return {f"{prefix}score_{criterion}": score for criterion in Criterion}


def confirm(client, action, practices, **data):
    """The second step of a workflow action: the intermediate page's form, sent."""
    return run_action(client, action, practices, post="yes", **data)
