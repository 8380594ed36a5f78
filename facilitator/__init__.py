"""Facilitator: an offline app for in-room listening sessions."""

__version__ = "0.1.0"
APP_NAME = "Facilitator"
FILE_SUFFIX = ".roundtable"
