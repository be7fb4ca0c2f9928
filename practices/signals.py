"""Keep the facet index (practices/facet_index.py) in step with every change of a practice."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from practices import facet_index
from practices.models import GoodPractice


@receiver(post_save, sender=GoodPractice)
@receiver(post_delete, sender=GoodPractice)
def practice_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        facet_index.sync([instance.pk])


@receiver(m2m_changed, sender=GoodPractice.themes.through)
@receiver(m2m_changed, sender=GoodPractice.topics.through)
def practice_taxonomy_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # from the theme's or topic's side: rare (and see django-simple-history issue #1048)
        facet_index.rebuild()
    else:
        facet_index.sync([instance.pk])
