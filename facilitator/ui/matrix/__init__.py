"""The prioritize matrix: its items and scene (prioritize, presenter)."""
