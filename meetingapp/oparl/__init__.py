"""The OParl client: reading a document system into the store."""
