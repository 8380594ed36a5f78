"""Prioritize: private ratings and the impact/effort matrix."""
