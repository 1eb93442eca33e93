"""cpdesk — desktop client for a national child directory (ContactPoint-style)."""

__version__ = "0.1.0"
