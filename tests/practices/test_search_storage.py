"""The search vectors stay in the practice's row (migration 0019): ranking a text query reads them for every match,
and a vector moved out of line costs several more page reads each."""

import pytest
from django.db import connection

from tests.factories import GoodPracticeFactory

pytestmark = pytest.mark.django_db


def toast_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'practices_goodpractice'")
        (toast,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {toast}")
        return cursor.fetchone()[0]


def vector_sizes(practice):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_vector), pg_column_size(search_english) FROM practices_goodpractice "
            "WHERE id = %s",
            [practice.pk],
        )
        return cursor.fetchone()


def test_a_practice_with_a_long_text_keeps_its_search_vectors_in_its_row():
    words = " ".join(f"harvest{n}" for n in range(120))
    before = toast_rows()
    practice = GoodPracticeFactory(description=words, evidence=words)
    exact, english = vector_sizes(practice)
    assert exact + english > 3000  # more than PostgreSQL keeps in a row by default (2 kB)
    assert toast_rows() == before, (exact, english)
