"""The controlled list of topics (DESIGN.md section 4), loaded by `manage.py load_reference_data`.

Names are stored in English and translated on display (Topic.label); gettext_noop marks them
for `makemessages` without translating them here. A topic's name follows this file on every
run, so change a name here, not in the admin. The four themes come from a data migration.
"""

from django.utils.translation import gettext_noop as N_

# (slug, name), in no particular order: topics are listed alphabetically by name.
TOPICS = (
    ("procurement", N_("Socially responsible public procurement")),
    ("finance", N_("Access to finance")),
    ("fiscal-framework", N_("Fiscal framework and tax incentives")),
    ("consumer-awareness", N_("Consumer awareness and labels")),
    ("business-support", N_("Business support and incubation")),
    ("training", N_("Training and capacity building")),
    ("work-integration", N_("Work integration")),
    ("rural-services", N_("Rural services")),
    ("care", N_("Care and social services")),
    ("circular-economy", N_("Circular economy")),
    ("agriculture-food", N_("Agriculture and food")),
    ("cooperatives", N_("Cooperatives")),
    ("networks", N_("Networks and partnerships")),
    ("digital", N_("Digital tools and skills")),
    ("legal-framework", N_("Legal framework")),
    ("impact-measurement", N_("Impact measurement")),
    ("community-energy", N_("Community energy")),
    ("sustainable-tourism", N_("Sustainable tourism")),
    ("culture-heritage", N_("Culture and heritage")),
    ("volunteering", N_("Volunteering and civic participation")),
    ("mobility", N_("Rural mobility")),
)
