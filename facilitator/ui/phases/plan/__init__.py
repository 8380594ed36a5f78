"""Plan: decisions and actions."""
