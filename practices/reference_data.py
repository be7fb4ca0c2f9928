"""The controlled list of topics (DESIGN.md section 4), loaded by `manage.py load_reference_data`.

Names are stored in English and translated on display (Topic.label); gettext_noop marks them
for `makemessages` without translating them here. A topic's name follows this file on every
run, so change a name here, not in the admin. The four themes come from a data migration.
"""

from django.utils.translation import gettext_noop

# (slug, name), in no particular order: topics are listed alphabetically by name.
TOPICS = (
    ("procurement", gettext_noop("Socially responsible public procurement")),
    ("finance", gettext_noop("Access to finance")),
    ("fiscal-framework", gettext_noop("Fiscal framework and tax incentives")),
    ("consumer-awareness", gettext_noop("Consumer awareness and labels")),
    ("business-support", gettext_noop("Business support and incubation")),
    ("training", gettext_noop("Training and capacity building")),
    ("work-integration", gettext_noop("Work integration")),
    ("rural-services", gettext_noop("Rural services")),
    ("care", gettext_noop("Care and social services")),
    ("circular-economy", gettext_noop("Circular economy")),
    ("agriculture-food", gettext_noop("Agriculture and food")),
    ("cooperatives", gettext_noop("Cooperatives")),
    ("networks", gettext_noop("Networks and partnerships")),
    ("digital", gettext_noop("Digital tools and skills")),
    ("legal-framework", gettext_noop("Legal framework")),
    ("impact-measurement", gettext_noop("Impact measurement")),
    ("community-energy", gettext_noop("Community energy")),
    ("sustainable-tourism", gettext_noop("Sustainable tourism")),
    ("culture-heritage", gettext_noop("Culture and heritage")),
    ("volunteering", gettext_noop("Volunteering and civic participation")),
    ("mobility", gettext_noop("Rural mobility")),
)
