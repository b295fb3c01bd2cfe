"""Annotations: the text model they are anchored to, re-anchoring, export."""
