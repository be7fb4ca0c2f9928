"""An editor's partner and draft; pages in English."""

import pytest
from django.utils import translation

from tests.factories import (
    GoodPracticeFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner):
    return GoodPracticeFactory(partner=partner, title="Village shop")
