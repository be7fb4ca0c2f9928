"""Controlled vocabularies of a good practice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeType(models.TextChoices):
    PROJECT = "project", _("Project")
    PROGRAMME = "programme", _("Support programme or scheme")
    FINANCIAL_INSTRUMENT = "financial_instrument", _("Financial instrument")
    POLICY = "policy", _("Policy, strategy or regulation")
    SERVICE = "service", _("Service")
    NETWORK = "network", _("Network or partnership")
    TOOL = "tool", _("Tool or method")
    CAMPAIGN = "campaign", _("Campaign, label or event")


class InstitutionType(models.TextChoices):
    NATIONAL_AUTHORITY = "national_authority", _("National public authority")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional public authority")
    LOCAL_AUTHORITY = "local_authority", _("Local public authority")
    AGENCY = "agency", _("Public agency or development agency")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association or NGO")
    FOUNDATION = "foundation", _("Foundation")
    RESEARCH = "research", _("University or research centre")
    BUSINESS_SUPPORT = "business_support", _("Business support organisation")
    FINANCIAL = "financial", _("Bank or financial institution")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    SOCIAL_ENTERPRISES = "social_enterprises", _("Social enterprises and cooperatives")
    ENTREPRENEURS = "entrepreneurs", _("Would-be social entrepreneurs")
    PUBLIC_AUTHORITIES = "public_authorities", _("Public authorities and buyers")
    CONSUMERS = "consumers", _("Consumers")
    INVESTORS = "investors", _("Investors and financial institutions")
    JOBSEEKERS = "jobseekers", _("Jobseekers and long-term unemployed people")
    DISABILITIES = "disabilities", _("People with disabilities")
    MIGRANTS = "migrants", _("Migrants and refugees")
    YOUNG_PEOPLE = "young_people", _("Young people")
    OLDER_PEOPLE = "older_people", _("Older people")
    WOMEN = "women", _("Women")
    RURAL_COMMUNITIES = "rural_communities", _("Rural communities and farmers")
    VOLUNTEERS = "volunteers", _("Volunteers and civil society")


class Language(models.TextChoices):
    """Languages a practice may originally be written in: the partners' languages."""

    ENGLISH = "en", _("English")
    BULGARIAN = "bg", _("Bulgarian")
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    GREEK = "el", _("Greek")
    HUNGARIAN = "hu", _("Hungarian")
    LATVIAN = "lv", _("Latvian")
    POLISH = "pl", _("Polish")
    PORTUGUESE = "pt", _("Portuguese")
    ROMANIAN = "ro", _("Romanian")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Other")
