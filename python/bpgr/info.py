"""bpgr.Info: the header fields and metadata of a BPG file (``bpgdec -i``)."""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple, Optional, Tuple

__all__ = ["Info", "Extension", "FORMAT_NAMES", "COLOR_SPACE_NAMES", "EXTENSION_TAGS"]

# Header values -> the names bpgdec -i prints.
FORMAT_NAMES = ("Gray", "4:2:0", "4:2:2", "4:4:4", "4:2:0_video", "4:2:2_video")
COLOR_SPACE_NAMES = ("YCbCr", "RGB", "YCgCo", "YCbCr_BT709", "YCbCr_BT2020")
EXTENSION_TAGS = {"exif": 1, "icc_profile": 2, "xmp": 3, "thumbnail": 4, "animation_control": 5}
_TAG_NAMES = {1: "EXIF", 2: "ICC profile", 3: "XMP", 4: "Thumbnail", 5: "Animation control"}


class Extension(NamedTuple):
    """One metadata record of the file, in file order."""

    tag: int
    data: bytes

    @property
    def name(self):
        """``bpgdec -i``'s name of the tag ("EXIF", ..., "Unknown")."""
        return _TAG_NAMES.get(self.tag, "Unknown")


def _name(names, index):
    return names[index] if 0 <= index < len(names) else "?"


@dataclass(frozen=True)
class Info:
    """What the header says. ``str(info)`` is the text of ``bpgdec -i``.

    ``format`` and ``color_space`` are bpgdec's names ("4:2:0", "YCbCr_BT709",
    ...); ``frame_period`` is the animation's tick in seconds (``None`` for
    stills); ``loop_count`` 0 means forever. ``exif``, ``icc_profile`` and
    ``xmp`` are the first record of that kind as bytes, or ``None``.
    """

    width: int
    height: int
    format: str
    color_space: str
    bit_depth: int
    has_alpha: bool
    premultiplied_alpha: bool
    has_w_plane: bool
    limited_range: bool
    animation: bool
    loop_count: int
    frame_period: Optional[Fraction]
    extensions: Tuple[Extension, ...] = field(repr=False)

    @classmethod
    def from_library(cls, d):
        """From the dict that bpgr._bpgr.probe() / Decoder.info() return."""
        period = None
        if d["has_animation"] and d["frame_period_den"]:
            period = Fraction(d["frame_period_num"], d["frame_period_den"])
        return cls(
            width=d["width"], height=d["height"],
            format=_name(FORMAT_NAMES, d["pixel_format"]),
            color_space=_name(COLOR_SPACE_NAMES, d["color_space"]),
            bit_depth=d["bit_depth"], has_alpha=d["has_alpha"],
            premultiplied_alpha=d["premultiplied_alpha"], has_w_plane=d["has_w_plane"],
            limited_range=d["limited_range"], animation=d["has_animation"],
            loop_count=d["loop_count"], frame_period=period,
            extensions=tuple(Extension(tag, data) for tag, data in d["extensions"]))

    def _first(self, tag):
        return next((e.data for e in self.extensions if e.tag == tag), None)

    @property
    def exif(self):
        return self._first(EXTENSION_TAGS["exif"])

    @property
    def icc_profile(self):
        return self._first(EXTENSION_TAGS["icc_profile"])

    @property
    def xmp(self):
        return self._first(EXTENSION_TAGS["xmp"])

    @property
    def channels(self):
        """Channels of ``bpgr.decode``'s default output: 4 with alpha, else 3."""
        return 4 if self.has_alpha else 3

    def __str__(self):
        color_space = "Gray" if self.format == "Gray" else self.color_space
        line = f"size={self.width}x{self.height} color_space={color_space}"
        if self.has_w_plane:
            line += " w_plane=1"
        if self.has_alpha:
            line += f" alpha=1 premul={int(self.premultiplied_alpha)}"
        line += (f" format={self.format} limited_range={int(self.limited_range)}"
                 f" bit_depth={self.bit_depth} animation={int(self.animation)}\n")
        if self.extensions:
            line += "Extension data:\n" + "".join(
                f"  tag={e.tag} ({e.name}) length={len(e.data)}\n" for e in self.extensions)
        return line
