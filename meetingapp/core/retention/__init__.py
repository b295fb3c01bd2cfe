"""Gallring and revocation: what leaves this machine and why."""
