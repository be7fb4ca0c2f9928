"""Fill the database with sample content for development, or with synthetic practices for benchmarks.

    manage.py seed_demo                  # sample practices, events, instruments and demo accounts
    manage.py seed_demo --if-empty       # the same, only when there is no practice yet (make run)
    manage.py seed_demo --practices N    # N synthetic practices in bulk, for benchmarks

Everything it creates is marked as sample content (is_sample). The sample content and the demo
accounts (one documented password) are created only with DEBUG on, or with --force.
"""

import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practices.models import GoodPractice
from regions.models import Partner
from secon_portal.demo import accounts, activities, bulk
from secon_portal.demo.practices import create_sample_practices
from secon_portal.management.commands.load_reference_data import PROJECT_STAFF, REVIEWERS


class Command(BaseCommand):
    help = "Add sample content and demo accounts (development), or N synthetic practices (benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any practice exists (still says how to log in)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Create the sample content and demo accounts even with DEBUG off."
        )
        parser.add_argument(
            "--practices",
            type=int,
            metavar="N",
            help="Instead of the sample content, create N synthetic practices in bulk, for benchmarks.",
        )
        parser.add_argument("--seed", type=int, default=2024, help="Seed of the random choices (default 2024).")

    def handle(self, *args, **options):
        if options["practices"] is not None:
            return self.synthetic(options["practices"], options["seed"])

        if options["if_empty"] and GoodPractice.objects.exists():
            self.stdout.write("Practices exist already: no demo content added.")
            return self.login_help()
        if not (settings.DEBUG or options["force"]):
            message = "Sample content and demo accounts are for development: DEBUG is off, so nothing was added."
            if options["if_empty"]:
                self.stdout.write(f"{message} Pass --force to add them anyway.")
                return self.login_help()
            raise CommandError(f"{message} Pass --force to add them anyway.")

        self.ensure_reference_data()
        started = time.monotonic()
        with transaction.atomic():
            users = accounts.create_accounts()
            instruments = activities.create_instruments()
            practices = create_sample_practices(users, instruments, seed=options["seed"])
            events = activities.create_events()
            interests = activities.create_transfer_interests(users)
        self.stdout.write(
            f"Sample content: {len(practices)} practices, {len(events)} events and {len(interests)} transfer "
            f"interests created; {len(instruments)} sample policy instruments "
            f"({time.monotonic() - started:.1f} s)."
        )
        self.login_help()

    def synthetic(self, count, seed):
        if count < 1:
            raise CommandError("--practices needs a positive number.")
        self.ensure_reference_data()
        started = time.monotonic()
        links = bulk.create_synthetic_practices(count, seed=seed)
        inserted = time.monotonic()
        bulk.refresh_derived_data()
        elapsed = time.monotonic() - started
        made = ", ".join(f"{number:,} {kind}" for kind, number in links.items())
        self.stdout.write(
            f"Created {count:,} synthetic practices (links: {made}) in {elapsed:.1f} s: "
            f"{inserted - started:.1f} s inserting ({count / (inserted - started):,.0f} a second), "
            f"{elapsed - (inserted - started):.1f} s rebuilding the facet index and statistics."
        )

    def ensure_reference_data(self):
        if not Partner.objects.exists() or Group.objects.filter(name__in=[REVIEWERS, PROJECT_STAFF]).count() < 2:
            call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)

    def login_help(self):
        for line in accounts.login_help():
            self.stdout.write(line)
