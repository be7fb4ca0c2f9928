"""Demonstration content for `manage.py seed_demo`: sample practices, events, policy instruments
and accounts for development, and synthetic practices in bulk for benchmarks.

Everything here is fictional and marked `is_sample=True`; no text claims anything about a real
organisation. The partner organisations themselves are real (reference data), so the sample
texts say plainly that the practice and its institution are invented.
"""
