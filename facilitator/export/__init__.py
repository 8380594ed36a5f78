"""Minutes PDF, staff summary, charts and CSV. Reads core objects; no Qt."""
