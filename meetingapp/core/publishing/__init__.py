"""Publishing: the static OParl publication writer."""

from meetingapp.core.publishing.static_oparl import (
    CONFIDENTIAL,
    LATE_ITEM,
    VENDOR_PREFIX,
    JsonObject,
    PublicationError,
    PublicationUrls,
    RenderedPublication,
    StaticPublication,
    WriteReport,
    oparl_type,
    write_tree,
)

__all__ = [
    "CONFIDENTIAL",
    "LATE_ITEM",
    "VENDOR_PREFIX",
    "JsonObject",
    "PublicationError",
    "PublicationUrls",
    "RenderedPublication",
    "StaticPublication",
    "WriteReport",
    "oparl_type",
    "write_tree",
]
