"""Notifications of submissions that a reviewer has decided on since are done (see notifications.notify)."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def mark_handled(apps, schema_editor):
    Notification = apps.get_model("practices", "Notification")
    Review = apps.get_model("practices", "Review")
    decided_later = Review.objects.filter(
        practice=OuterRef("review__practice"), from_state="submitted", created_at__gte=OuterRef("review__created_at")
    )
    Notification.objects.filter(review__to_state="submitted", read_at__isnull=True).filter(
        Exists(decided_later)
    ).update(read_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("practices", "0014_deleted_practices")]

    operations = [migrations.RunPython(mark_handled, migrations.RunPython.noop)]
