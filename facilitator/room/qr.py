"""The join code as a QR image (segno), for the presenter and the Vote view."""

from __future__ import annotations

import io


def qr_svg(url: str, scale: int = 8) -> bytes:
    """The link as an SVG QR code: dark modules on white, with the quiet zone scanners need."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=scale, dark="#000", light="#fff")
    return out.getvalue()


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same code as PNG bytes."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, dark="#000", light="#fff")
    return out.getvalue()
