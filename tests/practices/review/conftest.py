"""A partner, its editor, a reviewer, a submitted practice and a revision of a published one."""

import pytest

from practices.models import GoodPractice
from tests.factories import (
    GoodPracticeFactory,
    MembershipFactory,
    PartnerFactory,
    RegionFactory,
    ReviewerFactory,
    seven_scores,
    theme,
)


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here in English (the `english` fixture of tests/conftest.py)."""


@pytest.fixture
def partner():
    return PartnerFactory(name="Region of Peloponnese", region=RegionFactory(code="EL651", name="Arkadia"))


@pytest.fixture
def editor(partner):
    return MembershipFactory(partner=partner, user__username="anna", user__first_name="Anna").user


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="rita", first_name="Rita", last_name="Reviewer")


@pytest.fixture
def submitted(partner, editor):
    practice = GoodPracticeFactory(partner=partner, title="Village shop", slug="village-shop")
    practice.submit(editor)
    return GoodPractice.objects.get(pk=practice.pk)


@pytest.fixture
def revision(partner, editor, reviewer):
    live = GoodPracticeFactory(
        partner=partner, title="Village shop", slug="village-shop", summary="A shop run by the village."
    )
    live.submit(editor)
    live.publish(reviewer, assessments=seven_scores())
    copy = GoodPractice.objects.get(pk=live.pk).start_revision(editor)
    copy.title = "Village shop and café"
    copy.summary = "A shop and café run by the village <together>."
    copy.rural_focus = True
    copy.save()
    copy.themes.add(theme("access"))
    copy.submit(editor)
    return GoodPractice.objects.get(pk=copy.pk)
