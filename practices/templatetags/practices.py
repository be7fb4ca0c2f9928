from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from practices.search import HIGHLIGHT_START, HIGHLIGHT_STOP

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet, escaped, with the matching words in <mark>."""
    escaped = escape(snippet)
    return mark_safe(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>"))


@register.filter
def texts(practice):
    """(first, second): the practice's title and summary in the order the reader's language asks
    (GoodPractice.texts_for); `second` may be empty."""
    return practice.texts_for(get_language())
