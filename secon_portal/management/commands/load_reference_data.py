"""Load the reference data every installation needs: regions, topics, partners, event types,
planned events and the staff groups with their permissions.

Idempotent and quick when nothing changed (it reads each kind in one query and writes only the
differences), so `make run` runs it on every start. What each kind keeps in step, and what it
leaves to the project staff, is said in the docstrings of the reference_data modules.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from events import reference_data as event_data
from events.models import Event, EventType
from practices.models import Theme, Topic
from practices.reference_data import TOPICS
from regions.models import Partner, Region
from regions.reference_data import PARTNERS

REVIEWERS = "Reviewers"
PROJECT_STAFF = "Project staff"
ALL_ACTIONS = ("add", "change", "delete", "view")


def _is_history(model):
    return model.__name__.startswith("Historical")


def _app_models(app_label):
    return [model for model in apps.get_app_config(app_label).get_models() if not _is_history(model)]


def _history_models(app_label):
    return [model for model in apps.get_app_config(app_label).get_models() if _is_history(model)]


def group_permissions():
    """{group name: [(model, codename), ...]}: what each staff group may do in the admin."""
    practice_models = _app_models("practices") + _history_models("practices")
    regions_managed = [
        apps.get_model("regions", name) for name in ("Partner", "PolicyInstrument", "JointAssessment", "Membership")
    ]
    GoodPractice = apps.get_model("practices", "GoodPractice")
    return {
        REVIEWERS: [
            (GoodPractice, "review_goodpractice"),
            (GoodPractice, "change_goodpractice"),
            *((model, f"view_{model._meta.model_name}") for model in practice_models),
            # The practice admin looks up regions, partners and instruments (autocomplete fields),
            # which Django allows only to users who may view them.
            *(
                (apps.get_model("regions", name), f"view_{name.lower()}")
                for name in ("Region", "Partner", "PolicyInstrument")
            ),
        ],
        PROJECT_STAFF: [
            *(
                (model, f"{action}_{model._meta.model_name}")
                for model in _app_models("events") + regions_managed
                for action in ALL_ACTIONS
            ),
            *((model, f"view_{model._meta.model_name}") for model in _history_models("events")),
            *((model, f"view_{model._meta.model_name}") for model in _history_models("regions")),
            # Regions are loaded from NUTS, not added by hand; staff write the partner regions' profiles.
            (Region, "view_region"),
            (Region, "change_region"),
            *((model, f"view_{model._meta.model_name}") for model in practice_models),
        ],
    }


@dataclass
class Tally:
    """What happened to one kind of reference data."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self):
        return f"{self.label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"


class Command(BaseCommand):
    help = (
        "Load or update the reference data: NUTS regions, topics, the ten partners, event types, "
        "the planned project activities and the staff groups. Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("load_regions", verbosity=options["verbosity"], stdout=self.stdout, stderr=self.stderr)
        with translation.override("en"), transaction.atomic():
            tallies = [
                self.load_topics(),
                self.load_partners(),
                self.load_region_names(),
                self.load_event_types(),
                self.load_planned_events(),
                self.load_groups(),
            ]
        if options["verbosity"]:
            for tally in tallies:
                self.stdout.write(tally.line())

    def load_topics(self):
        tally = Tally("Topics")
        existing = {topic.slug: topic for topic in Topic.objects.all()}
        new, changed = [], []
        for slug, name in TOPICS:
            topic = existing.get(slug)
            if topic is None:
                new.append(Topic(slug=slug, name=name))
            elif topic.name != name:
                topic.name = name
                changed.append(topic)
        Topic.objects.bulk_create(new)
        Topic.objects.bulk_update(changed, ["name"])
        tally.created, tally.updated = len(new), len(changed)
        tally.unchanged = len(TOPICS) - len(new) - len(changed)
        return tally

    def load_partners(self):
        tally = Tally("Partners")
        regions = Region.objects.in_bulk([partner.region_code for partner in PARTNERS], field_name="code")
        existing = Partner.objects.in_bulk([partner.slug for partner in PARTNERS], field_name="slug")
        for data in PARTNERS:
            region = regions.get(data.region_code)
            if region is None:
                raise CommandError(f"Region {data.region_code} of {data.name} is missing: run load_regions.")
            owned = {"name": data.name, "short_name": data.short_name, "type": data.type, "region_id": region.pk}
            partner = existing.get(data.slug)
            if partner is None:
                # The brochure does not say who leads the project: staff set is_lead in the admin.
                Partner.objects.create(slug=data.slug, website=data.website, is_lead=False, **owned)
                tally.created += 1
                continue
            changes = {name: value for name, value in owned.items() if getattr(partner, name) != value}
            if data.website and not partner.website:
                changes["website"] = data.website
            if changes:
                for name, value in changes.items():
                    setattr(partner, name, value)
                partner.save(update_fields=[name.removesuffix("_id") for name in changes])
                tally.updated += 1
            else:
                tally.unchanged += 1
        return tally

    def load_region_names(self):
        """English names of the partner regions, filled in while empty (staff may reword them)."""
        tally = Tally("Partner region English names")
        regions = Region.objects.in_bulk([partner.region_code for partner in PARTNERS], field_name="code")
        changed = []
        for data in PARTNERS:
            region = regions[data.region_code]
            if region.name_en:
                tally.unchanged += 1
            else:
                region.name_en = data.region_name_en
                changed.append(region)
        Region.objects.bulk_update(changed, ["name_en"])
        tally.updated = len(changed)
        return tally

    def load_event_types(self):
        tally = Tally("Event types")
        existing = {event_type.slug: event_type for event_type in EventType.objects.all()}
        fields = ("name", "description", "target", "target_per_country", "order")
        new, changed = [], []
        for order, data in enumerate(event_data.EVENT_TYPES, start=1):
            wanted = EventType(
                slug=data.slug,
                name=data.name,
                description=data.description,
                target=data.target,
                target_per_country=data.target_per_country,
                order=order,
            )
            current = existing.get(data.slug)
            if current is None:
                new.append(wanted)
            elif any(getattr(current, name) != getattr(wanted, name) for name in fields):
                wanted.pk = current.pk
                changed.append(wanted)
        EventType.objects.bulk_create(new)
        EventType.objects.bulk_update(changed, fields)
        tally.created, tally.updated = len(new), len(changed)
        tally.unchanged = len(event_data.EVENT_TYPES) - len(new) - len(changed)
        return tally

    def load_planned_events(self):
        """Create the planned activities that do not exist yet; never change an existing one."""
        tally = Tally("Planned events")
        planned = event_data.planned_events()
        existing = set(Event.objects.filter(slug__in=[event.slug for event in planned]).values_list("slug", flat=True))
        missing = [event for event in planned if event.slug not in existing]
        tally.unchanged = len(planned) - len(missing)
        if not missing:
            return tally
        event_types = {event_type.slug: event_type for event_type in EventType.objects.all()}
        partners = {partner.slug: partner for partner in Partner.objects.all()}
        themes = {theme.slug: theme for theme in Theme.objects.all()}
        for data in missing:
            event, created = Event.objects.get_or_create(
                slug=data.slug,
                defaults={
                    "title": data.title,
                    "event_type": event_types[data.event_type],
                    "host": partners.get(data.host) if data.host else None,
                    "country": data.country,
                    "time_zone": data.time_zone,
                    "summary": data.summary,
                    "status": Event.Status.PLANNED,
                },
            )
            if created:
                event.themes.set([themes[slug] for slug in data.themes])
                tally.created += 1
        return tally

    def load_groups(self):
        """The staff groups get every permission listed here; permissions staff added are kept."""
        tally = Tally("Staff groups")
        for name, wanted in group_permissions().items():
            group, created = Group.objects.get_or_create(name=name)
            permissions = self.permissions(wanted)
            have = set(group.permissions.values_list("pk", flat=True))
            missing = [permission for permission in permissions if permission.pk not in have]
            if missing:
                group.permissions.add(*missing)
            if created:
                tally.created += 1
            elif missing:
                tally.updated += 1
            else:
                tally.unchanged += 1
        return tally

    def permissions(self, wanted):
        # A proxy model (deleted practices) has permissions of its own, under its own content type.
        content_types = ContentType.objects.get_for_models(*{model for model, _ in wanted}, for_concrete_models=False)
        keys = {(content_types[model].pk, codename) for model, codename in wanted}
        found = [
            permission
            for permission in Permission.objects.filter(
                content_type__in=content_types.values(), codename__in={codename for _, codename in wanted}
            )
            if (permission.content_type_id, permission.codename) in keys
        ]
        if len(found) != len(keys):
            missing = sorted(codename for _, codename in keys - {(p.content_type_id, p.codename) for p in found})
            raise CommandError(f"Permissions missing (run migrate first?): {', '.join(missing)}")
        return found
