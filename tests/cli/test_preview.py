"""Terminal previews: which protocol a terminal gets, and that each one carries the real picture."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image

from mediasearch.cli import preview


def _photo(tmp_path: Path, rotated: bool = False) -> Path:
    image = Image.new("RGB", (120, 60), (255, 0, 0))
    image.paste((0, 0, 255), (60, 0, 120, 60))  # left red, right blue
    path = tmp_path / ("rotated.jpg" if rotated else "photo.png")
    if rotated:
        exif = Image.Exif()
        exif[0x0112] = 6  # "rotate 90 CW to view": the upright picture is 60 wide, 120 high
        image.save(path, "JPEG", exif=exif)
    else:
        image.save(path, "PNG")
    return path


def test_protocol_follows_the_terminal() -> None:
    assert preview.protocol({"TERM": "xterm-kitty"}) == "kitty"
    assert preview.protocol({"TERM_PROGRAM": "iTerm.app"}) == "iterm"
    assert preview.protocol({"TERM": "xterm-256color"}) == "blocks"
    assert preview.protocol({"TERM": "xterm-kitty"}, is_terminal=False) == "none"  # a pipe gets no escapes
    assert preview.protocol({"TERM": "dumb"}) == "none"


def test_kitty_and_iterm_carry_the_png(tmp_path: Path) -> None:
    path = _photo(tmp_path)
    kitty = preview.render(path, "kitty")
    payload = "".join(re.findall(r"\x1b_G[^;]*;([^\x1b]*)\x1b\\", kitty))
    assert Image.open(io.BytesIO(base64.b64decode(payload))).size == (120, 60)
    iterm = preview.render(path, "iterm", width_cells=20)
    match = re.search(r"1337;File=inline=1;size=(\d+);width=20;preserveAspectRatio=1:([^\x07]+)\x07", iterm)
    assert match and len(base64.b64decode(match.group(2))) == int(match.group(1))


def test_blocks_draw_the_colours_upright(tmp_path: Path) -> None:
    art = preview.render(_photo(tmp_path), "blocks", width_cells=8)
    first = art.splitlines()[0]
    colours = re.findall(r"38;2;(\d+);(\d+);(\d+)m", first)
    assert len(colours) == 8
    assert int(colours[0][0]) > 200 and int(colours[-1][2]) > 200  # red on the left, blue on the right
    rotated = preview.render(_photo(tmp_path, rotated=True), "blocks", width_cells=8)
    assert len(rotated.splitlines()) > len(art.splitlines())  # EXIF orientation applied: now taller than wide


def test_unreadable_or_no_terminal_gives_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    assert preview.render(broken, "blocks") == ""
    assert preview.render(_photo(tmp_path), "none") == ""
