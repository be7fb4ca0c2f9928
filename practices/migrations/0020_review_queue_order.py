"""GoodPractice.submitted_at, set by each submission: the review queue sorts by it from an index, instead of
looking up every submitted practice's latest submission step. Existing practices take it from their review steps."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def from_the_review_steps(apps, schema_editor):
    GoodPractice = apps.get_model("practices", "GoodPractice")
    Review = apps.get_model("practices", "Review")
    submissions = Review.objects.filter(practice=OuterRef("pk"), to_state="submitted")
    latest = submissions.order_by("-created_at", "-pk").values("created_at")[:1]
    GoodPractice.objects.filter(Exists(submissions)).update(submitted_at=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0019_search_vectors_in_the_row"),
        ("regions", "0003_countries_by_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="goodpractice",
            name="submitted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last submitted"),
        ),
        migrations.AddField(
            model_name="historicalgoodpractice",
            name="submitted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last submitted"),
        ),
        migrations.RunPython(from_the_review_steps, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="goodpractice",
            index=models.Index(
                models.OrderBy(models.F("submitted_at"), nulls_last=True),
                models.F("id"),
                condition=models.Q(("state", "submitted")),
                name="practice_review_queue",
            ),
        ),
    ]
