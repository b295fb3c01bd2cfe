"""Search across everything on this machine."""
