"""Minutes: preview and export."""
