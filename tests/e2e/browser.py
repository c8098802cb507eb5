"""Headless Chromium for the management report's end-to-end tests (and its README screenshot).

Python Playwright (PyPI) drives Debian's Chromium (apt): no ``playwright install``, which would
download a browser from outside the package registries. Every call starts a fresh browser with a
fresh profile, opens the file through ``file://`` and aborts every request that is not the file
itself, so nothing leaves the machine even when a test fails; ``--host-resolver-rules`` makes
every host name unresolvable as a second fence (Chromium 156 calls Google services even with
``--disable-background-networking``). axe-core is the ``axe.min.js`` that the PyPI package
axe-playwright-python ships (the wrapper is never imported), or ``$ITREADY_AXE_JS``.

    screenshot(html, png)        full page (or ``clip``) at 1280 px
    print_pdf(html, pdf)         printed as a person prints: page size from CSS, no backgrounds
    requests_made(html)          every URL the page asked for, at 1280 and 375 px and in print
    axe_violations(html)         axe-core's violations (WCAG 2.0/2.1/2.2 A and AA, best practice)
    missing(need_axe=False)      why the tests must skip, or None

``$ITREADY_CHROMIUM`` names another browser binary.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",  # as root (containers) Chromium refuses to start otherwise
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
#: Debian's /usr/bin/chromium is a shell wrapper that adds flags of its own; the binary first.
CANDIDATES = ["/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"]
LOCAL = ("data:", "blob:", "about:")
TIMEOUT_MS = 30_000
A4_POINTS = (595.28, 841.89)


def find_chromium() -> str | None:
    named = os.environ.get("ITREADY_CHROMIUM")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    for candidate in CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
        found = shutil.which(candidate)
        if found:
            return found
    return None


def find_axe() -> str | None:
    named = os.environ.get("ITREADY_AXE_JS")
    if named:
        return named if Path(named).is_file() else None
    spec = importlib.util.find_spec("axe_playwright_python")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "axe.min.js"
        if candidate.is_file():
            return str(candidate)
    return None


def missing(need_axe: bool = False) -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "Python package playwright is not installed (make e2e installs it)"
    if find_chromium() is None:
        return "no Chromium (make e2e installs Debian's chromium; or set ITREADY_CHROMIUM)"
    if need_axe and find_axe() is None:
        return "no axe.min.js (pip install axe-playwright-python, or set ITREADY_AXE_JS)"
    return None


@contextlib.contextmanager
def page_of(html: Path, *, width: int = 1280, height: int = 900,
            seen: list[str] | None = None) -> Iterator[Any]:
    """A page with ``html`` loaded; every other request is recorded in ``seen`` and aborted."""
    from playwright.sync_api import sync_playwright

    url = html.resolve().as_uri()
    seen = [] if seen is None else seen

    def route(handle: Any) -> None:
        asked = handle.request.url
        if asked == url or asked.startswith(LOCAL):
            handle.continue_()
        else:
            seen.append(asked)
            handle.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True,
                                             args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          service_workers="block")
            context.set_default_timeout(TIMEOUT_MS)
            context.route("**/*", route)
            page = context.new_page()
            page.on("websocket", lambda socket: seen.append(socket.url))
            page.goto(url, wait_until="load")
            yield page
        finally:
            browser.close()


def screenshot(html: Path, png: Path, *, width: int = 1280, height: int | None = None,
               start: str | None = None) -> Path:
    """A PNG of the whole page, or of ``height`` pixels of it from the top of the element
    ``start`` (a CSS selector) or of the page."""
    with page_of(html, width=width) as page:
        if height is None:
            page.screenshot(path=str(png), full_page=True)
        else:
            top = page.locator(start).bounding_box()["y"] - 16 if start else 0
            page.screenshot(path=str(png), full_page=True,
                            clip={"x": 0, "y": max(0, top), "width": width, "height": height})
    return png


def scroll_width(html: Path, width: int) -> int:
    """How wide the page lays out at a viewport ``width`` (wider: it scrolls sideways)."""
    with page_of(html, width=width) as page:
        return int(page.evaluate("document.documentElement.scrollWidth"))


def print_pdf(html: Path, pdf: Path, *, script: str | None = None) -> Path:
    """Print as a person would: the page's own @page size, no background graphics; with
    ``script`` run on the page first."""
    with page_of(html) as page:
        if script:
            page.evaluate(script)
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False)
    return pdf


def requests_made(html: Path) -> list[str]:
    """Every URL the page asked for except itself: loaded at 1280 px, at 375 px, and laid out
    for print, so that resources behind media queries and print rules are asked for too."""
    seen: list[str] = []
    with page_of(html, seen=seen) as page:
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=3_000)
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(100)
        page.emulate_media(media="print")
        page.pdf()
        page.wait_for_timeout(100)
    return list(dict.fromkeys(seen))


def axe_violations(html: Path, *, media: str = "screen") -> list[dict[str, Any]]:
    """axe-core's violations with its default rules (WCAG 2.0, 2.1, 2.2 A and AA and best
    practices): id, impact, help and the elements."""
    with page_of(html) as page:
        if media != "screen":
            page.emulate_media(media=media)
        page.add_script_tag(path=find_axe())
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def pdf_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """(width, height in points, text) of every page."""
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height), p.extract_text() or "")
            for p in PdfReader(str(pdf)).pages]


def is_a4(width: float, height: float, tolerance: float = 2.0) -> bool:
    """Chromium's A4 is 594.96 x 841.92 points (rounded to CSS pixels)."""
    return abs(width - A4_POINTS[0]) <= tolerance and abs(height - A4_POINTS[1]) <= tolerance
