"""A reviewer logged in to the admin, and staff who may edit practices but not review them."""

import pytest

from tests.admin import grant
from tests.factories import (
    StaffFactory,
)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# Staff without the review permission
@pytest.fixture
def editor_staff(db):
    """Staff who may edit and delete practices but not review them."""
    return grant(
        StaffFactory(),
        "practices.view_goodpractice",
        "practices.change_goodpractice",
        "practices.delete_goodpractice",
    )
