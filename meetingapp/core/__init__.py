"""The core: plain Python, no Qt. Feature packages over the store and the OParl client."""
