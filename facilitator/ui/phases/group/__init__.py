"""Group: the board of themes, theme list and duplicate suggestions."""
