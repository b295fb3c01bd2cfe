"""Rendering in a separate process: the render worker and its client."""
