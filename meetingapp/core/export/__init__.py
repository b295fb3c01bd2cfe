"""Exports of what the user made: annotated copies of documents, notes as Markdown.

Plain Python like the rest of the core; the UI offers them (``ui/exporting.py``).
"""
