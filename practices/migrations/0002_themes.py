"""The four focus objectives of SECON, from its brochure. Names are translated on display."""

from django.db import migrations
from django.utils.translation import gettext_noop

THEMES = [
    (
        "awareness",
        gettext_noop("Awareness of the social economy"),
        gettext_noop("Visibility of the social economy among conscious consumers who buy responsibly and locally."),
    ),
    (
        "access",
        gettext_noop("Access to procurement and finance"),
        gettext_noop("Access of social enterprises to socially responsible public procurement and to finance."),
    ),
    (
        "strengthening",
        gettext_noop("Strengthening social enterprises"),
        gettext_noop("Business support and capacity building so that social enterprises thrive in a changing economy."),
    ),
    (
        "social-innovation",
        gettext_noop("Regional social innovation"),
        gettext_noop("Creative solutions to the specific challenges of rural areas."),
    ),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("practices", "Theme")
    for order, (slug, name, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})


def delete_themes(apps, schema_editor):
    apps.get_model("practices", "Theme").objects.filter(slug__in=[slug for slug, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(create_themes, delete_themes)]
