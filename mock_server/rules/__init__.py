"""The server's rules in plain Python: what each role is sent (``disclosure``), search,
sign-in and sessions, involvement fields, the access review, fault settings.

Reads and writes go through ``mock_server.data``; no SQL and no HTTP here.
"""
