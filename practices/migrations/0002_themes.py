"""The four focus objectives of SECON, from its brochure. Names are translated on display."""

from django.db import migrations
from django.utils.translation import gettext_noop as N_

THEMES = [
    (
        "awareness",
        N_("Awareness of the social economy"),
        N_("Visibility of the social economy among conscious consumers who buy responsibly and locally."),
    ),
    (
        "access",
        N_("Access to procurement and finance"),
        N_("Access of social enterprises to socially responsible public procurement and to finance."),
    ),
    (
        "strengthening",
        N_("Strengthening social enterprises"),
        N_("Business support and capacity building so that social enterprises thrive in a changing economy."),
    ),
    (
        "social-innovation",
        N_("Regional social innovation"),
        N_("Creative solutions to the specific challenges of rural areas."),
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
