"""The presenter read from the back of a room: at 1024×768 no text is drawn smaller than
18 px, on any phase, and every matrix card can be read in full.

The sizes are measured where they are drawn: the presenter is rendered into a paint
device whose engine records each piece of text with its font and the transform it was
drawn with (a board scaled down to fit is caught as surely as a small font).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtGui import QPaintDevice, QPaintEngine, QTextItem

from facilitator.core.model import Phase
from facilitator.ui.shell.main_window import MainWindow

DPI = 96
LEAST_PX = 18


class TextRecorder(QPaintEngine):
    """Keeps (text, pixel size as drawn) for every text item; draws nothing else."""

    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.drawn: list[tuple[str, float]] = []

    def begin(self, _device) -> bool:
        return True

    def end(self) -> bool:
        return True

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User

    def updateState(self, _state) -> None:
        pass

    def drawTextItem(self, _point, item: QTextItem) -> None:
        font = item.font()
        pixels = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * DPI / 72
        t = self.painter().worldTransform()
        scale = math.sqrt(abs(t.m11() * t.m22() - t.m12() * t.m21()))
        if item.text().strip():
            self.drawn.append((item.text(), pixels * scale))

    # Everything else is drawn nowhere.
    def drawPixmap(self, *_args) -> None:
        pass

    def drawImage(self, *_args) -> None:
        pass

    def drawTiledPixmap(self, *_args) -> None:
        pass

    def drawPath(self, *_args) -> None:
        pass

    def drawPolygon(self, *_args) -> None:
        pass

    def drawRects(self, *_args) -> None:
        pass

    def drawLines(self, *_args) -> None:
        pass

    def drawEllipse(self, *_args) -> None:
        pass

    def drawPoints(self, *_args) -> None:
        pass


class RecordingDevice(QPaintDevice):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.engine = TextRecorder()
        self.size = (width, height)

    def paintEngine(self) -> QPaintEngine:
        return self.engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        m = QPaintDevice.PaintDeviceMetric
        return {
            m.PdmWidth: self.size[0],
            m.PdmHeight: self.size[1],
            m.PdmWidthMM: round(self.size[0] * 25.4 / DPI),
            m.PdmHeightMM: round(self.size[1] * 25.4 / DPI),
            m.PdmNumColors: 0xFFFFFF,
            m.PdmDepth: 32,
            m.PdmDpiX: DPI,
            m.PdmDpiY: DPI,
            m.PdmPhysicalDpiX: DPI,
            m.PdmPhysicalDpiY: DPI,
            m.PdmDevicePixelRatio: 1,
            m.PdmDevicePixelRatioScaled: 1,
        }.get(metric, 0)


def drawn_text(widget) -> list[tuple[str, float]]:
    device = RecordingDevice(widget.width(), widget.height())
    widget.render(device)
    return device.engine.drawn


@pytest.fixture
def presenter(make_window, demo_path: Path, qtbot):
    window: MainWindow = make_window(demo_path)
    display = window.open_presenter()
    display.resize(1024, 768)
    qtbot.waitUntil(lambda: display.width() == 1024 and display.height() == 768)
    return window, display


@pytest.mark.parametrize("phase", list(Phase))
def test_presenter_text_is_legible_at_1024_by_768(presenter, phase: Phase, qtbot) -> None:
    window, display = presenter
    window.show_phase(phase)
    qtbot.waitUntil(lambda: display.phase is phase)
    drawn = drawn_text(display)
    assert drawn, "nothing drawn"
    smallest = min(drawn, key=lambda d: d[1])
    assert smallest[1] >= LEAST_PX, f"“{smallest[0]}” is drawn at {smallest[1]:.1f} px"


def test_presenter_matrix_is_legible_with_every_card_in_full(presenter, qtbot) -> None:
    window, display = presenter
    window.show_phase(Phase.PRIORITIZE)
    qtbot.waitUntil(lambda: display.phase is Phase.PRIORITIZE)
    cards = display.matrix_view.cards
    assert len(cards) >= 10
    drawn = drawn_text(display.matrix_view)
    assert min(px for _, px in drawn) >= LEAST_PX
    numbers_drawn = {text.strip().rstrip(".") for text, _ in drawn}
    all_drawn = "".join("".join(text.split()) for text, _ in drawn)  # lines run on, as read
    for card in cards:
        assert str(card.number) in numbers_drawn  # its numbered dot
        # ...and its full text in the legend, wrapped but not cut off.
        assert "".join(f"{card.number}. {card.text}".split()) in all_drawn, f"card {card.number} is cut"
    # ...and all of it inside the display.
    plot, legend, _px = display.matrix_view.layout_for(
        display.matrix_view.width(), display.matrix_view.height()
    )
    assert legend.right() <= display.matrix_view.width() and plot.bottom() <= display.matrix_view.height()
