"""Mötespärm: the committee meeting packet, offline on the laptop."""

__version__ = "0.1.0"
APP_NAME = "Mötespärm"
APP_ID = "meetingapp"
