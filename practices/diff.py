"""A readable diff of two versions of a practice, field by field.

A version is a *snapshot*: a dict of field name -> Value (its label, and the value as a reader sees
it: choice labels, names of related objects, dates and numbers in the locale), in the order of the
practice's fields. Snapshots come from a live practice (`snapshot_of_practice`, with its results,
images and attachments) or from historical records (`snapshots_of_records`: django-simple-history
keeps the history of the practice, its themes, topics and policy instruments, and of its results,
images and attachments). `compare()`
lists what differs between two snapshots; long texts are diffed word by word and lists line by line,
with <del> and <ins> around every escaped piece.
"""

import difflib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import models
from django.utils import formats as django_formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from practices.fields import ChoiceArrayField
from practices.models import GoodPractice, PracticeAttachment, PracticeImage, PracticeResult, Theme, Topic
from practices.models.editing import content_fields
from regions.models import Partner, PolicyInstrument, Region
from secon_portal.formats import number

SHORT, TEXT, LIST = "short", "text", "list"
M2M_FIELDS = {"themes": Theme, "topics": Topic, "policy_instruments": PolicyInstrument}
HIDDEN = {"created_by"}  # bookkeeping, not content a reader compares
WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Value:
    label: str
    text: str  # what a reader sees; "" when empty; one item a line for lists
    kind: str = SHORT  # SHORT: shown as before/after; TEXT and LIST: shown as one inline diff


@dataclass(frozen=True)
class Change:
    """One field that differs: its label, the old and new text, and an inline diff for texts and lists."""

    name: str
    label: str
    old: str
    new: str
    inline: str = ""  # safe HTML; empty for short values, which are shown as before and after


def _capitalised(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def _shown_fields():
    return [f for f in content_fields(GoodPractice) if f.name not in HIDDEN]


def _kind(field):
    if isinstance(field, ChoiceArrayField):
        return LIST
    if isinstance(field, models.TextField):
        return TEXT
    return SHORT


def _display(field, value, related):
    """`value` (the attname value of `field`) as a reader sees it."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(field, ChoiceArrayField):  # a set of choices: their order means nothing
        labels = dict(field.base_field.flatchoices)
        return "\n".join(sorted(str(labels.get(item, item)) for item in value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return related.get((field.related_model, value), str(value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DecimalField):
        return number(value)
    if isinstance(field, models.DateField):
        return django_formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _related_names(rows):
    """The names of the regions and partners that `rows` (dicts of attname values) point to, in 2 queries."""
    names = {}
    for model, attname in ((Region, "region_id"), (Partner, "partner_id")):
        pks = {row[attname] for row in rows if row.get(attname)}
        for pk, obj in model.objects.in_bulk(pks).items():
            names[model, pk] = obj.display_name if model is Region else obj.name
    return names


def _snapshot(row, related, m2m, children=None):
    snapshot = {}
    for field in _shown_fields():
        snapshot[field.name] = Value(
            _capitalised(field.verbose_name), _display(field, row[field.attname], related), _kind(field)
        )
    for name in M2M_FIELDS:
        label = _capitalised(GoodPractice._meta.get_field(name).verbose_name)
        snapshot[name] = Value(label, "\n".join(sorted(str(obj) for obj in m2m[name])), LIST)
    for name, (label, lines) in (children or {}).items():
        snapshot[name] = Value(label, "\n".join(lines), LIST)
    return snapshot


def _result_line(result):
    parts = [f"{result.indicator}:", number(result.value), result.unit, f"({result.year})" if result.year else ""]
    return " ".join(part for part in parts if part)


def _image_line(image):
    described = " · ".join(part for part in (image.alt_text, image.caption, image.credit) if part)
    return f"{described} ({PurePosixPath(image.image.name).name})"


def _attachment_line(attachment):
    return f"{attachment.title} ({PurePosixPath(attachment.file.name).name})"


def _children(results, images, attachments):
    return {
        "results": (_("Results"), [_result_line(result) for result in results]),
        "images": (_("Images"), [_image_line(image) for image in images]),
        "attachments": (_("Documents"), [_attachment_line(attachment) for attachment in attachments]),
    }


def _children_of(practice):
    return _children(practice.results.all(), practice.images.all(), practice.attachments.all())


def _children_of_version(record):
    """The results, images and documents of the version `record` of a practice, from their own history.

    They are saved just after the practice itself: what they were until the next version of the practice
    (or until now, for its latest version) belongs to this one.
    """
    following = record.next_record

    def as_of(model):
        records = model.history.filter(practice_id=record.id)
        if following is not None:
            records = records.filter(history_date__lt=following.history_date)
        return sorted(records.latest_of_each().as_instances(), key=lambda child: (child.order, child.pk))

    return _children(as_of(PracticeResult), as_of(PracticeImage), as_of(PracticeAttachment))


def snapshot_of_practice(practice):
    """The content of `practice` as it is now, with its results, images and attachments."""
    row = {field.attname: getattr(practice, field.attname) for field in _shown_fields()}
    m2m = {name: list(getattr(practice, name).all()) for name in M2M_FIELDS}
    return _snapshot(row, _related_names([row]), m2m, _children_of(practice))


def snapshots_of_records(*records):
    """The content of each historical record: fields, themes, topics and policy instruments, and the results,
    images and documents the practice had at that time."""
    rows = [{field.attname: getattr(record, field.attname) for field in _shown_fields()} for record in records]
    related = _related_names(rows)
    snapshots = []
    for record, row in zip(records, rows, strict=True):
        m2m = {}
        for name, model in M2M_FIELDS.items():
            column = GoodPractice._meta.get_field(name).m2m_reverse_field_name()
            m2m[name] = list(model.objects.filter(pk__in=getattr(record, name).values(column)))
        snapshots.append(_snapshot(row, related, m2m, _children_of_version(record)))
    return snapshots


def _marked(tag, text):
    """<del> or <ins> around escaped `text`, saying so to screen readers (which do not announce the elements)."""
    said = _("removed:") if tag == "del" else _("added:")
    return f'<{tag}><span class="visually-hidden">[{escape(said)}] </span>{escape(text)}</{tag}>'


def inline_diff(old, new, kind=TEXT):
    """`old` -> `new` as safe HTML: unchanged pieces as they are, removed ones in <del>, added ones in <ins>.

    Texts are compared word by word; lists (one item a line) line by line, each line its own piece.
    Every piece is escaped.
    """
    if kind == LIST:
        old_tokens, new_tokens = old.split("\n") if old else [], new.split("\n") if new else []
        lines = []
        matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                lines += [escape(line) for line in old_tokens[a1:a2]]
                continue
            lines += [_marked("del", line) for line in old_tokens[a1:a2]]
            lines += [_marked("ins", line) for line in new_tokens[b1:b2]]
        return mark_safe("\n".join(lines))  # every piece escaped above
    old_tokens, new_tokens = WORDS.findall(old), WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2])
        if op == "equal":
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(_marked("del", removed))
        if added:
            parts.append(_marked("ins", added))
    return mark_safe("".join(parts))  # every piece escaped above


def compare(old, new):
    """The fields that differ between two snapshots, in field order; a field missing from either is left out."""
    changes = []
    for name, after in new.items():
        before = old.get(name)
        if before is None or before.text == after.text:
            continue
        inline = inline_diff(before.text, after.text, after.kind) if after.kind != SHORT else ""
        changes.append(Change(name, after.label, before.text, after.text, inline))
    return changes
