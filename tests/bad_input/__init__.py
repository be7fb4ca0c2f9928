"""Hostile or careless input, end to end through the views: files, HTML and script, over-long text, dates, forged
forms.

Each refusal names the field (or the file) and says why, nothing broken is stored, and nobody else's objects are
touched. Text is stored as typed and shown escaped on every page that shows it; the e-mails are plain text.
The basic refusals of the upload checks are in tests/practices/test_form_uploads.py; these are the harder cases.
"""
