"""An editor's partner and draft; pages in English."""

import pytest

from tests.factories import (
    GoodPracticeFactory,
)


@pytest.fixture(autouse=True)
def _english(english):
    """Every test here in English (the `english` fixture of tests/conftest.py)."""


@pytest.fixture
def partner(editor):
    return editor.memberships.get().partner


@pytest.fixture
def draft(partner):
    return GoodPracticeFactory(partner=partner, title="Village shop")
