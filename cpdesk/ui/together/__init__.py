"""Working together: involvement and report dialogs, My activity, the access review, the
manager workspace."""
