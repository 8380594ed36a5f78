"""The facilitator's own default rules, kept in QSettings on this computer.

Built-in defaults live in `core.model.Rules()`; these override them for new
sessions. A saved value that no longer makes sense is ignored, never applied.
"""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtCore import QSettings

from facilitator import APP_NAME
from facilitator.core.errors import RuleError
from facilitator.core.model import Rules
from facilitator.ops import session as session_ops

KEY = "defaults/rules"


def _settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def saved_rules(settings: QSettings | None = None) -> Rules | None:
    """The rules saved with "Save as my defaults", or None if there are none (or they are unusable)."""
    raw = (settings or _settings()).value(KEY, "")
    if not raw or not isinstance(raw, str):
        return None
    try:
        stored = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(stored, dict):
        return None
    values = dataclasses.asdict(Rules())
    for name, default in values.items():
        value = stored.get(name, default)
        if type(value) is type(default):
            values[name] = value
    rules = Rules(**values)
    try:
        session_ops.validate_rules(rules)
    except RuleError:
        return None
    return rules


def save_rules(rules: Rules, settings: QSettings | None = None) -> None:
    session_ops.validate_rules(rules)
    store = settings or _settings()
    store.setValue(KEY, json.dumps(dataclasses.asdict(rules), sort_keys=True))
    store.sync()


def forget(settings: QSettings | None = None) -> None:
    store = settings or _settings()
    store.remove(KEY)
    store.sync()


def apply_to_new_session(model) -> None:
    """Give a just-created session the saved rules. Not an undo step: it is how the file starts."""
    rules = saved_rules()
    if rules is not None and rules != model.store.info().rules:
        model.run_untracked(session_ops.update_rules, rules)
