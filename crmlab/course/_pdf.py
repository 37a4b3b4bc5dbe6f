"""PDF handouts through headless Chromium's print-to-PDF (offline; Chinese and MathML come out right).

LaTeX would need xeCJK and a CJK font to keep the Chinese (a 1 GB TeX installation), and nbconvert's
``webpdf`` needs Playwright's own Chromium; any installed Chromium, Chrome or Edge prints the handout
page as it is shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

#: environment variables that may name the browser, checked in this order
ENV_VARS = ("CRMLAB_CHROMIUM", "CHROME_PATH", "CHROMIUM_PATH")
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge", "microsoft-edge")
KNOWN_PATHS = (
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)

HOW_TO_GET = (
    "没有找到 Chromium、Chrome 或 Edge，所以没有生成 PDF（网页讲义已经生成）。"
    "Debian/Ubuntu：sudo apt install chromium；Windows 和 macOS：安装 Chrome 或 Edge，"
    "或者把浏览器程序的完整路径写进环境变量 CRMLAB_CHROMIUM，例如 "
    r'CRMLAB_CHROMIUM="C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"。'
    " (No Chromium, Chrome or Edge found, so no PDFs were made; the HTML handouts were. Debian/Ubuntu: "
    "sudo apt install chromium; Windows/macOS: install Chrome or Edge, or set CRMLAB_CHROMIUM to the browser's path.)"
)


def find_chromium() -> str | None:
    """The path of a Chromium-based browser: from ``CRMLAB_CHROMIUM`` (or ``CHROME_PATH``), PATH, or the usual places."""
    for var in ENV_VARS:
        value = os.environ.get(var)
        if value and Path(value).exists():
            return value
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in KNOWN_PATHS if Path(p).exists()), None)


def browser_command(browser: str, *arguments: str) -> list[str]:
    """A headless run of ``browser`` that cannot reach the network (every request goes to a dead proxy)."""
    return [
        browser,
        "--headless",
        "--no-sandbox",  # needed as root (containers, CI); the pages are the course's own files
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        *arguments,
    ]


def print_pdf(browser: str, page: Path, target: Path, *, timeout: int = 180) -> None:
    """Print ``page`` to ``target`` with the browser's print-to-PDF; raise RuntimeError if it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    command = browser_command(
        browser,
        "--no-pdf-header-footer",
        "--virtual-time-budget=15000",
        f"--print-to-pdf={target}",
        page.resolve().as_uri(),
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if not target.exists() or target.stat().st_size == 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
        raise RuntimeError(f"{Path(browser).name} did not write {target.name}: {' | '.join(tail)}")
