"""The ground floor every screen stands on: the one background runner, the directory worker,
the clipboard guard, label/button/wipe helpers, the plain table, the failure wording, assets.
Imports no feature folder."""
