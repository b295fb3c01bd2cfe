"""HTTP transport and credentials, shared by everything that talks to a server."""
