import time

from django.core.management.base import BaseCommand

from practices import facet_index


class Command(BaseCommand):
    help = "Recompute the facet index of the practice list (after changes made to practices outside Django)."

    def handle(self, *args, **options):
        started = time.monotonic()
        published = facet_index.rebuild()
        self.stdout.write(
            f"Facet index rebuilt: {published} published practices in {time.monotonic() - started:.1f} s."
        )
