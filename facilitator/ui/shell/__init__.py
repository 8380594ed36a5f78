"""The window around a session: main window, workspace, start screen, menus, dialogs, looks."""
