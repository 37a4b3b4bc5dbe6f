"""A web font cut from the Noto Sans SC that pylopdf-fonts-zh-cn ships, to the characters the pages use.

A page shows Chinese on a machine without a Chinese system font only if it brings its own font; the
whole font is 8 MB, the course's characters (about 1,500) fit in a few hundred KB of WOFF (zlib: no
brotli needed). The font is under the SIL Open Font License, which allows subsetting and embedding.
"""

from __future__ import annotations

from pathlib import Path

from ._deps import require

FAMILY = "CrmlabNotoSansSC"
FILE_NAME = "noto-sans-sc-subset.woff"
#: the vendored OpenType MATH font (vendor/README.md), copied beside the subset
MATH_FAMILY = "CrmlabNotoSansMath"
MATH_FONT = Path(__file__).parent / "vendor" / "noto-sans-math" / "noto-sans-math-latin-400-normal.woff"


def source_font() -> Path:
    """The Noto Sans SC OpenType file of the pylopdf-fonts-zh-cn package."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).with_name("NotoSansSC-Regular.otf")


def characters_of(texts: list[str]) -> str:
    """Every character used in ``texts`` (markup included: it costs a few ASCII glyphs), plus ASCII."""
    used = set("".join(texts)) | {chr(c) for c in range(0x20, 0x7F)}
    return "".join(sorted(c for c in used if c.isprintable()))


def write_subset(characters: str, target: Path) -> int:
    """Write the subset of Noto Sans SC covering ``characters`` to ``target`` (WOFF); return its size."""
    subset = require("fontTools.subset")
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the font's names and its licence notice
    options.notdef_outline = True
    font = subset.load_font(str(source_font()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target.stat().st_size


def font_face_css(folder: str) -> str:
    """The ``@font-face`` rules that load the Chinese subset and the math font from ``folder`` (relative)."""
    return (
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{folder}/{FILE_NAME}") format("woff"); font-display: block; }}\n'
        f'@font-face {{ font-family: "{MATH_FAMILY}"; src: url("{folder}/{MATH_FONT.name}") format("woff"); font-display: block; }}\n'
    )
