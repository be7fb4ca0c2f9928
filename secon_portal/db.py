"""Database expressions that the apps share."""

from django.db.models import Func, IntegerField, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset):
    """The number of rows of `queryset` (which may use OuterRef), as a subquery: 0 when there are none."""
    counted = (
        queryset.order_by()
        .annotate(row_count=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("row_count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
