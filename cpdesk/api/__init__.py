"""Talking to the directory server: the only package that knows about HTTP."""
