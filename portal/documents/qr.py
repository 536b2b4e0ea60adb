"""QR codes for the verification link printed on every document."""

from __future__ import annotations


def qr_svg(url: str, title: str = "") -> str:
    """An inline SVG QR code for `url`, sized by CSS (no width or height of its own).

    `title` becomes the SVG's <title>, which WeasyPrint uses as the figure's alternative text in
    the tagged PDF: a screen reader then says what the picture is instead of skipping it.
    """
    import segno  # imported by the first document a process renders, not at start

    # Level M survives a crease or a smudge on paper and still fits a short URL in a small code.
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=4, omitsize=True, title=title or None, svgclass="qr-code")
