"""The shell: the main window and everything that composes features (the directory page,
the page tabs), plus the window-wide guards (privacy screen, OS session, stall watchdog, crash
bridge) and settings. The only folder that may import from several features."""
