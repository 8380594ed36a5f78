"""Idea cards, the board scene and its view (round table, group, presenter)."""
