from django.db import models


class BitStringField(models.Field):
    """PostgreSQL `bit varying`. Only read and written in SQL (see practices/facet_index.py)."""

    def db_type(self, connection):
        return "bit varying"


class FacetBitmap(models.Model):
    """The published practices that carry one facet value, as a bit string indexed by practice id.

    Bit n is 1 when the published practice with id n has the value, e.g. ("country", "DE").
    Counting the practices of a value under any combination of filters is then one AND of
    a few bit strings and a bit_count(), which keeps the facet counts of the practice list
    fast at any size. The rows are derived data: practices/facet_index.py keeps them in step
    with the practices, in the same transaction as every change.
    """

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=60)
    bits = BitStringField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "value"], name="one_bitmap_per_facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"
