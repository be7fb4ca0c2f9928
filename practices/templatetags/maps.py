"""The maps of the home page and of a region's page (practices/maps.py), for their includes: the views stay as
they are, and the maps need no query of their own."""

from django import template

from practices import maps

register = template.Library()


@register.simple_tag
def partner_map(partners):
    """The partner regions on a map of Europe; `partners`: the home page's, with `region` and `published_in_region`."""
    return maps.partner_map(partners)


@register.simple_tag
def region_map(region):
    """`region` highlighted among the regions of its level in its country, or None."""
    return maps.region_map(region)
