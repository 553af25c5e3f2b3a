"""Headless Chromium and poppler-utils for the tests that look at HTML as a person would:
load a page, take a screenshot and read its pixels, print it to PDF and count the pages.

Tests using them are skipped, with the reason, only where the programs are missing
(.ci/run installs Debian's chromium and poppler-utils when they are).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"
)


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
needs_pdfinfo = pytest.mark.skipif(
    PDFINFO is None, reason="no pdfinfo (apt-get install poppler-utils)"
)
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="no pdftotext (apt-get install poppler-utils)"
)


def print_pdf(tmp: Path, html: str, paper: str) -> Path:
    """``html`` printed to PDF by Chromium on ``paper``, without header and footer."""
    sized = tmp / f"handout-{paper}.html"
    sized.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>"), "utf-8")
    pdf = tmp / f"handout-{paper}.pdf"
    proc = chromium(tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", sized.as_uri())
    assert pdf.exists(), proc.stderr[-2000:]
    return pdf


def pdf_pages(pdf: Path) -> int:
    """The number of pages of ``pdf``, as pdfinfo counts them."""
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)$", info, flags=re.M)
    assert pages is not None, info
    return int(pages.group(1))


def pdf_text(pdf: Path, *options: str) -> str:
    """The text of ``pdf`` by pdftotext, pages separated by form feeds."""
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows of an 8-bit, non-interlaced RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytes(width * channels)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = bytes(line)
    return width, height, [bytes(r[i] for i in range(0, stride, channels)) for r in rows]
