"""The Qt user interface: widgets over the core."""
