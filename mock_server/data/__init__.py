"""The ground floor: the SQLite directory and everything written into it.

Store (reads), population (build), users, the audit trail and its checkpoints, the
practitioners' involvements and queue, retention, rebuild and the training sandbox's restore.
Every SQL statement of the mock server is in this package; it imports nothing else of
``mock_server``.
"""
