"""Headless Chromium (Debian's ``chromium`` and ``chromium-driver``, installed by
``scripts/install-browser``) driven by Selenium, against ``dotscale serve``'s application on a
loopback port. Screenshots go to ``out/screenshots/``. Skipped, with the reason, where the
browser or its driver is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.loading.store import KnowledgeGraph
from tests.helpers.web_server import WebServer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="session")
def site(kg: KnowledgeGraph) -> Iterator[WebServer]:
    pytest.importorskip("starlette")
    with WebServer(kg) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    binary = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        pytest.skip("headless Chromium is not installed (scripts/install-browser installs "
                    "Debian's chromium and chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot(browser: Any) -> Any:
    """Save the browser's page as ``out/screenshots/NAME.png``, 1280 pixels wide and as high
    as the page (at most 4000)."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": min(int(height), 4000), "deviceScaleFactor": 1,
            "mobile": False})
        path = SCREENSHOTS / f"{name}.png"
        try:
            assert browser.save_screenshot(str(path))
        finally:
            browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return path

    return save
