"""Fixtures shared by the reliability tests."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def forkserver() -> Iterator[multiprocessing.context.ForkServerContext]:
    """Children forked from a server that has already imported the store and the ops.

    Starting a fresh interpreter costs about 0.4 s (sqlite-utils pulls in numpy);
    a fork of the preloaded server starts in a few milliseconds, and has never
    imported Qt, unlike the pytest process.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.reliability._kill_child"])
    yield ctx
