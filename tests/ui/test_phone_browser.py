"""A real browser on the phone page: Debian's chromium, driven by selenium through chromium-driver.

The window opens the room on 127.0.0.1; chromium, as a small touch-screen phone, loads the
page from the real server, places dots by tapping, sends the ballot, and the window's
count shows it once the facilitator reveals. Nothing is downloaded: the browser and its
driver are the system's (`.ci/run` installs them).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from facilitator.core import voting
from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
IDEAS = ["Daily huddle", "Sepsis card at every station", "A quiet room after a hard shift"]


def phone_browser():
    """Headless chromium as a 390×844 touch-screen phone."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2, "touch": True}}
    )
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def tap(driver, element) -> None:
    """A finger's tap (touch pointer down and up), not a mouse click."""
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    actions = ActionBuilder(driver, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
    actions.pointer_action.move_to(element).pointer_down().pointer_up()
    actions.perform()


def vote_by_tapping(url: str, taps: list[int], screenshot: Path | None = None) -> str:
    """Load the page, tap '+' on the given cards (by position), send; returns what the page says."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    driver = phone_browser()
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 20)
        wait.until(ready.visibility_of_element_located((By.ID, "ballot")))
        cards = driver.find_elements(By.CSS_SELECTOR, "#cards .card")
        # A small screen: nothing wider than the phone; every button named for a screen reader.
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        buttons = driver.find_elements(By.CSS_SELECTOR, "#cards button")
        assert {b.accessible_name for b in buttons} == {"Place a dot on", "Take a dot off"}
        assert all(b.size["height"] >= 48 and b.size["width"] >= 48 for b in buttons)
        for position in taps:
            tap(driver, cards[position].find_element(By.CSS_SELECTOR, "button.plus"))
        left = driver.find_element(By.ID, "left").text
        if screenshot is not None:
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(str(screenshot))
        tap(driver, driver.find_element(By.ID, "send"))
        wait.until(ready.text_to_be_present_in_element((By.ID, "notice"), "Your ballot is counted"))
        return left + " | " + driver.find_element(By.ID, "status").text
    finally:
        driver.quit()


@pytest.fixture
def vote_path(tmp_path: Path) -> Path:
    path = tmp_path / "browser.roundtable"
    store = SessionStore.create(path, title="Ward 7")
    for text in IDEAS:
        idea_ops.add_idea(store, text)
    session_ops.set_phase(store, Phase.VOTE)
    store.close()
    return path


def test_a_phone_browser_votes_by_tapping_and_the_window_counts_it(qtbot, make_window, vote_path) -> None:
    window = make_window(vote_path)
    view = window.workspace.view(Phase.VOTE)
    panel = view.room_panel
    address = panel.findChild(QComboBox, "roomAddress")
    address.setCurrentIndex(address.findText("127.0.0.1"))
    qtbot.mouseClick(panel.findChild(QPushButton, "openRoomButton"), Qt.MouseButton.LeftButton)
    url = panel.findChild(QLabel, "roomLink").text()
    assert url.startswith("http://127.0.0.1:")

    # The browser runs in a worker thread: the window must stay free to serve the room.
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(vote_by_tapping, url, [0, 0, 2])
        qtbot.waitUntil(future.done, timeout=60_000)
    assert future.result() == "2 dots left | Your ballot is counted. Thank you."
    status = panel.findChild(QLabel, "roomStatus")
    qtbot.waitUntil(lambda: status.text() == "1 phone joined · 1 voted")

    qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    ids = [i.id for i in window.model.store.ideas()]
    totals = voting.totals(window.model.state())
    assert [totals[i] for i in ids] == [2, 0, 1]
    assert view.results_note.text().startswith("3 votes in all: 3 on ballots, 0 from tallies.")
