"""Terminal previews of results (`--preview`), as rclip offers: the picture itself where the terminal can show it.

Three ways, chosen from what the terminal says about itself: kitty's graphics
protocol (kitty, WezTerm, Ghostty), iTerm2's inline images (iTerm2, WezTerm),
and, in any other colour terminal, a small picture drawn with half-block
characters in 24-bit colour, two pixels a cell. Output that is not a terminal
gets no preview: escape codes in a pipe or a file are noise.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageOps

KITTY_CHUNK = 4096  # the kitty protocol's largest payload per escape sequence


def protocol(env: Mapping[str, str] | None = None, *, is_terminal: bool = True) -> str:
    """ "kitty", "iterm", "blocks" or "none" for this terminal."""
    env = os.environ if env is None else env
    if not is_terminal or env.get("TERM") == "dumb":
        return "none"
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if "kitty" in term or env.get("KITTY_WINDOW_ID") or program in ("ghostty", "WezTerm"):
        return "kitty"
    if program == "iTerm.app" or env.get("LC_TERMINAL") == "iTerm2":
        return "iterm"
    return "blocks"


def _thumbnail(path: Path, max_px: int) -> Image.Image:
    with Image.open(path) as image:
        image.draft("RGB", (max_px, max_px))  # JPEG: decode at a fraction of full size, far cheaper
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((max_px, max_px))
    return upright


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def kitty(image: Image.Image) -> str:
    payload = base64.b64encode(_png(image)).decode()
    chunks = [payload[i : i + KITTY_CHUNK] for i in range(0, len(payload), KITTY_CHUNK)] or [""]
    parts = []
    for index, chunk in enumerate(chunks):
        more = 1 if index < len(chunks) - 1 else 0
        control = f"a=T,f=100,m={more}" if index == 0 else f"m={more}"
        parts.append(f"\x1b_G{control};{chunk}\x1b\\")
    return "".join(parts) + "\n"


def iterm(image: Image.Image, width_cells: int) -> str:
    data = _png(image)
    payload = base64.b64encode(data).decode()
    return f"\x1b]1337;File=inline=1;size={len(data)};width={width_cells};preserveAspectRatio=1:{payload}\x07\n"


def blocks(image: Image.Image, width_cells: int) -> str:
    """Upper-half blocks: foreground colour is the top pixel, background the bottom one."""
    height = max(2, round(image.height * width_cells / image.width / 2) * 2)
    small = image.resize((width_cells, height), Image.Resampling.BOX)
    pixels = small.load()
    assert pixels is not None  # None only for images without pixel data
    lines = []
    for y in range(0, height, 2):
        cells = []
        for x in range(width_cells):
            (r, g, b), (r2, g2, b2) = pixels[x, y], pixels[x, y + 1]  # type: ignore[misc]  # RGB: 3-tuples
            cells.append(f"\x1b[38;2;{r};{g};{b}m\x1b[48;2;{r2};{g2};{b2}m\u2580")
        lines.append("".join(cells) + "\x1b[0m")
    return "\n".join(lines) + "\n"


def render(path: Path, how: str, width_cells: int = 24) -> str:
    """The preview of one image file for protocol `how`; empty for "none" or a file that cannot be shown."""
    if how == "none":
        return ""
    try:
        image = _thumbnail(path, max_px=256 if how in ("kitty", "iterm") else width_cells * 2)
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""
    if how == "kitty":
        return kitty(image)
    if how == "iterm":
        return iterm(image, width_cells)
    return blocks(image, width_cells)
