"""The read-only open-data API at /api/v1/: published practices, partner regions and NUTS codes, policy
instruments and events, as JSON, with an OpenAPI 3 schema and its docs (README.md, "Open data").

Built with Django REST framework and drf-spectacular. Nothing here decides what is public: every view
starts from the querysets the pages use (GoodPractice.objects.published(), PracticeFilterSet, ...).
"""
