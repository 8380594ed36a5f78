"""Fixed seeds for the attacks: the app's own shuffles are seeded, so every attack is
deterministic."""

from __future__ import annotations

import random

import pytest


@pytest.fixture(autouse=True)
def seeded_app_randomness(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        from facilitator.store import sealing
    except ImportError:  # the code before sealing existed: nothing to seed
        return
    monkeypatch.setattr(sealing, "RNG", random.Random(20261130))
