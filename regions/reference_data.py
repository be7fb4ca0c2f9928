"""The ten SECON partners of the brochure, and the NUTS regions they are based in.

Loaded by `manage.py load_reference_data`. Name, short name, type and region are kept in step
with this file on every run; the website is filled in only while it is empty, and the lead
flag, description and logo are left to the project staff (the admin) once a partner exists.

Websites are listed only where they are the organisation's own, checked address; the others
are left blank for the staff to fill in. The brochure does not say which partner leads the
project, so no partner is marked as lead here.
"""

from dataclasses import dataclass

from regions.models import Partner


@dataclass(frozen=True)
class PartnerData:
    slug: str
    name: str
    short_name: str
    type: str
    region_code: str
    region_name_en: str  # English name of the region, shown instead of the official NUTS name
    website: str = ""

    @property
    def country(self):
        """NUTS codes start with the country code (EL for Greece)."""
        return self.region_code[:2]


PARTNERS = (
    PartnerData(
        slug="peloponnese",
        name="Region of Peloponnese",
        short_name="Peloponnese",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region_code="EL65",
        region_name_en="Peloponnese",
        website="https://www.ppel.gov.gr/",
    ),
    PartnerData(
        slug="kmop",
        name="KMOP - Social Action and Innovation Centre",
        short_name="KMOP",
        type=Partner.Type.NGO,
        region_code="EL30",
        region_name_en="Attica",
        website="https://www.kmop.gr/",
    ),
    PartnerData(
        slug="rhine-neckar",
        name="Rhine-Neckar Regional Association",
        short_name="Rhine-Neckar",
        type=Partner.Type.AGENCY,
        # The association (Verband Region Rhein-Neckar, seated in Mannheim) spans districts and
        # cities of three Länder (Baden-Württemberg, Hesse, Rhineland-Palatinate), so no single
        # NUTS region matches it; the Rhein-Neckar-Kreis (DE128) is the closest one.
        region_code="DE128",
        region_name_en="Rhine-Neckar",
        website="https://www.vrrn.de/",
    ),
    PartnerData(
        slug="flemish-brabant",
        name="Province of Flemish Brabant",
        short_name="Flemish Brabant",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region_code="BE24",
        region_name_en="Flemish Brabant",
        website="https://www.vlaamsbrabant.be/",
    ),
    PartnerData(
        slug="harghita",
        name="Harghita County Council",
        short_name="Harghita",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region_code="RO124",
        region_name_en="Harghita",
    ),
    PartnerData(
        slug="mazowieckie",
        name="Mazowieckie Region",
        short_name="Mazowieckie",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region_code="PL9",
        region_name_en="Mazowieckie",
        website="https://www.mazovia.pl/",
    ),
    PartnerData(
        slug="oliveira-de-azemeis",
        name="Oliveira de Azeméis Municipality",
        short_name="Oliveira de Azeméis",
        type=Partner.Type.LOCAL_AUTHORITY,
        # The municipality lies in the NUTS 3 region Área Metropolitana do Porto.
        region_code="PT11A",
        region_name_en="Porto Metropolitan Area",
        website="https://www.cm-oaz.pt/",
    ),
    PartnerData(
        slug="riga",
        name="Riga Planning Region",
        short_name="Riga Planning Region",
        type=Partner.Type.AGENCY,
        region_code="LV00A",
        region_name_en="Riga",
        website="https://www.rpr.gov.lv/",
    ),
    PartnerData(
        slug="extremadura",
        name="Junta de Extremadura, Regional Ministry of Agriculture, Livestock and Sustainable Development",
        short_name="Extremadura",
        type=Partner.Type.REGIONAL_AUTHORITY,
        region_code="ES43",
        region_name_en="Extremadura",
        website="https://www.juntaex.es/",
    ),
    PartnerData(
        slug="haskovo",
        name="Haskovo Municipality",
        short_name="Haskovo",
        type=Partner.Type.LOCAL_AUTHORITY,
        region_code="BG422",
        region_name_en="Haskovo",
        website="https://www.haskovo.bg/",
    ),
)


def partner_countries():
    """The partner countries in the order of the brochure, each once: EL, DE, BE, RO, ..."""
    return list(dict.fromkeys(partner.country for partner in PARTNERS))
