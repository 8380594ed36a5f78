"""Setup: details, participants, themes and rules."""
