"""The directory screens: search and its results model, the record view and its sections,
the reason and override dialogs."""
