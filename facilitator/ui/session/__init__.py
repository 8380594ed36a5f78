"""The open session: SessionModel and its undo command, the clocks, background work."""
