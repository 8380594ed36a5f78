"""Round table: seats, turns, ideas and equal-voice figures."""
