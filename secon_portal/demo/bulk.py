"""Synthetic practices in bulk, for benchmarks: `manage.py seed_demo --practices N`.

Fast on purpose: rows are built in memory and written with bulk_create in batches, the
many-to-many rows too, so no signal fires and no revision history is written; the facet index,
which signals keep otherwise, is rebuilt once at the end. 100,000 practices take a little over
a minute on a two-core machine.
"""

import datetime
import random
import secrets
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from practices import facet_index
from practices.choices import InstitutionType, PracticeType, TargetGroup
from practices.models import GoodPractice, State, Theme, Topic
from regions.models import Partner, PolicyInstrument, Region
from secon_portal.demo import words

BATCH_SIZE = 2000
# (state, share): about 90% published.
STATES = (
    (State.PUBLISHED, 0.90),
    (State.ARCHIVED, 0.03),
    (State.SUBMITTED, 0.03),
    (State.DRAFT, 0.02),
    (State.CHANGES_REQUESTED, 0.02),
)
PARTNER_REGION_SHARE = 0.8  # the rest are located anywhere in the NUTS classification
FIRST_START, LAST_START = datetime.date(2005, 1, 1), datetime.date(2025, 12, 31)
FIRST_PUBLICATION = datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)


class Generator:
    """Builds synthetic practices from word lists; one instance per run."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.token = secrets.token_hex(3)  # keeps slugs unique across runs
        self.now = timezone.now()
        self.partners = list(Partner.objects.select_related("region"))
        if not self.partners:
            raise RuntimeError("No partners: run `manage.py load_reference_data` first.")
        # Partner regions and every NUTS region within them, each with its partner.
        self.partner_places = []
        for partner in self.partners:
            within = Region.objects.filter(code__startswith=partner.region.code)
            self.partner_places += [(region, partner) for region in within]
        # Elsewhere: NUTS 2 and 3 regions of the EU (the UK's NUTS 2018 regions are left out).
        self.other_regions = list(Region.objects.filter(level__gte=2).exclude(country="UK"))
        self.theme_ids = list(Theme.objects.values_list("pk", flat=True))
        self.topic_ids = list(Topic.objects.values_list("pk", flat=True))
        self.instruments = {}
        for pk, partner_id in PolicyInstrument.objects.values_list("pk", "partner_id"):
            self.instruments.setdefault(partner_id, []).append(pk)
        self.states = [state for state, _ in STATES]
        self.state_weights = [share for _, share in STATES]
        self.target_groups = list(TargetGroup.values)
        self.practice_types = list(PracticeType.values)
        self.institution_types = list(InstitutionType.values)

    def practice(self, number):
        """One unsaved practice, with the ids of its themes, topics and policy instruments."""
        rng = self.rng
        if rng.random() < PARTNER_REGION_SHARE:
            region, partner = rng.choice(self.partner_places)
        else:
            region, partner = rng.choice(self.other_regions), rng.choice(self.partners)
        languages = words.LANGUAGES_BY_COUNTRY.get(region.country, ("en",))
        language = rng.choice(languages)
        organisations, phrases, sentence = words.NATIVE[language]
        organisation, phrase = rng.choice(organisations), rng.choice(phrases)
        place = region.name_en or region.name
        title = (
            f"{rng.choice(words.EN_ADJECTIVES)} {rng.choice(words.EN_NOUNS)} {rng.choice(words.EN_PURPOSES)}"
            f" – {organisation} {rng.choice(words.NAMES)}"
        )[:150]
        start = FIRST_START + datetime.timedelta(days=rng.randrange((LAST_START - FIRST_START).days))
        end = None
        if rng.random() < 0.25:
            end = start + datetime.timedelta(days=rng.randint(180, 3650))
            end = min(end, LAST_START)
        state = rng.choices(self.states, self.state_weights)[0]
        published_at = None
        if state in (State.PUBLISHED, State.ARCHIVED):
            earliest = max(datetime.datetime.combine(start, datetime.time(9), datetime.UTC), FIRST_PUBLICATION)
            earliest = min(earliest, self.now)
            published_at = earliest + (self.now - earliest) * rng.random()
        changed = published_at or self.now - (self.now - FIRST_PUBLICATION) * rng.random()
        summary = (
            f"{rng.choice(words.EN_ADJECTIVES)} {rng.choice(words.EN_NOUNS)} in {place}, run by a "
            f"{phrase} initiative ({organisation}). {rng.choice(words.EN_SENTENCES)}"
        )
        practice = GoodPractice(
            title=title,
            slug=f"{slugify(title)[:120].strip('-')}-{self.token}-{number}",
            summary=summary[:600],
            description=" ".join(rng.sample(words.EN_SENTENCES, 3)),
            practice_type=rng.choice(self.practice_types),
            target_groups=rng.sample(self.target_groups, rng.randint(1, 3)),
            rural_focus=rng.random() < 0.5,
            region=region,
            partner=partner,
            main_institution=f"{organisation} {rng.choice(words.NAMES)}",
            institution_type=rng.choice(self.institution_types),
            start_date=start,
            end_date=end,
            resources=rng.choice(words.RESOURCES),
            budget_eur=rng.randrange(5_000, 2_000_000, 500) if rng.random() < 0.7 else None,
            evidence=rng.choice(words.EVIDENCE),
            difficulties=rng.choice(words.DIFFICULTIES),
            transfer_potential=rng.choice(words.TRANSFER),
            original_language=language,
            title_original=f"{organisation} {rng.choice(words.NAMES)}: {phrase}" if language != "en" else "",
            summary_original=sentence.format(region=region.name) if language != "en" else "",
            state=state,
            published_at=published_at,
            submitted_at=changed if state == State.SUBMITTED else None,
            created_at=changed - datetime.timedelta(days=rng.randint(1, 120)),
            updated_at=changed,
            is_sample=True,
        )
        themes = rng.sample(self.theme_ids, rng.choice((1, 1, 2)))
        topics = rng.sample(self.topic_ids, rng.randint(1, 3))
        instruments = self.instruments.get(partner.pk, []) if rng.random() < 0.2 else []
        return practice, themes, topics, instruments


def create_synthetic_practices(count, seed=None, batch_size=BATCH_SIZE):
    """Create `count` synthetic practices; returns how many theme/topic/instrument links were made."""
    generator = Generator(seed)
    Themes = GoodPractice.themes.through
    Topics = GoodPractice.topics.through
    Instruments = GoodPractice.policy_instruments.through
    links = {"themes": 0, "topics": 0, "policy instruments": 0}
    with transaction.atomic(), explicit_timestamps(GoodPractice):
        for first in range(0, count, batch_size):
            rows = [generator.practice(number) for number in range(first, min(first + batch_size, count))]
            practices = GoodPractice.objects.bulk_create([row[0] for row in rows])
            theme_rows, topic_rows, instrument_rows = [], [], []
            for practice, (_, themes, topics, instruments) in zip(practices, rows, strict=True):
                theme_rows += [Themes(goodpractice_id=practice.pk, theme_id=pk) for pk in themes]
                topic_rows += [Topics(goodpractice_id=practice.pk, topic_id=pk) for pk in topics]
                instrument_rows += [
                    Instruments(goodpractice_id=practice.pk, policyinstrument_id=pk) for pk in instruments
                ]
            Themes.objects.bulk_create(theme_rows)
            Topics.objects.bulk_create(topic_rows)
            Instruments.objects.bulk_create(instrument_rows)
            links["themes"] += len(theme_rows)
            links["topics"] += len(topic_rows)
            links["policy instruments"] += len(instrument_rows)
    return links


def refresh_derived_data():
    """What bulk inserts leave behind: the facet index (kept by signals otherwise), the planner's
    statistics, and the pending entries of the full-text index (VACUUM merges them; until then
    every text search reads them through)."""
    facet_index.rebuild()
    tables = [GoodPractice._meta.db_table] + [
        field.remote_field.through._meta.db_table for field in GoodPractice._meta.many_to_many
    ]
    with connection.cursor() as cursor:
        command = "VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE"  # VACUUM needs autocommit
        cursor.execute(f"{command} {', '.join(connection.ops.quote_name(table) for table in tables)}")


@contextmanager
def explicit_timestamps(model):
    """Let bulk_create write the created/changed timestamps we set, instead of stamping them all "now".

    (auto_now_add / auto_now overwrite any value on insert; switching them off for the duration
    is the one way to insert realistic dates without updating every row again afterwards.)
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
