"""The reader: documents as pages, text, thumbnails and find."""
