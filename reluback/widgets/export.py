"""The descent explorer's run, exported: an animated GIF (save_gif), a FuncAnimation for a
stored notebook (animation), and matplotlib's jshtml player without its CDN link (jshtml)."""
import hashlib
import re
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.animation import FuncAnimation
from PIL import Image

from ..plots import HiddenSpace, InputPlane
from .canvas import as_number, new_figure
from .descent_figure import FONT, DescentFigure

__all__ = ["frame_steps", "gif_path", "save_gif", "animation", "jshtml"]


def frame_steps(T, frames=60):
    """≤ `frames` steps spread over a run of T steps, denser at the start where most happens."""
    ks = np.unique(np.round(T * np.linspace(0, 1, frames) ** 2).astype(int))
    return [int(k) for k in ks]


def gif_path(path, default):
    """path as a Path that can be a GIF (a file name ending in .gif), or a ValueError before
    anything is written; None means `default`."""
    if path is None:
        return Path(default)
    if not isinstance(path, (str, Path)) or not str(path).strip() or Path(path).suffix.lower() != ".gif":
        raise ValueError(f"path must be a file name ending in .gif (or None for {default}); got {path!r}")
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ValueError(f"path must be a file name ending in .gif; {str(path)!r} is a folder")
    return path


def save_gif(history, path, frames=60, fps=12, dpi=70):
    """Write the run as an animated GIF (Pillow; no ffmpeg) and return its path. The arguments are
    checked before anything is written; frames are blitted like the explorer's."""
    frames = as_number("frames", frames, 2, 1000, "the number of frames", integer=True)
    fps = as_number("fps", fps, 0.1, 100, "frames per second")
    dpi = as_number("dpi", dpi, 10, 300, "dots per inch")
    panels = DescentFigure(history, dpi=dpi)
    panels.figure.canvas.draw()                       # laid out once, then the layout is frozen
    panels.figure.set_layout_engine("none")
    images = []
    for k in frame_steps(history.steps, frames):
        panels.show(k, send=False)
        rgb = np.asarray(panels.figure.canvas.buffer_rgba())[..., :3]
        images.append(Image.fromarray(rgb).quantize(64, method=Image.Quantize.FASTOCTREE))
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
    return path


def animation(history, lim, frames=30, dpi=64):
    """A FuncAnimation of the run for .to_jshtml(): the input plane and the hidden space only (the XOR
    solution forming), small, so a stored notebook plays it without a kernel."""
    with rc_context(FONT):
        fig = new_figure(8.4, 3.9, dpi)
        a1, a2 = fig.subplots(1, 2)
        plane = InputPlane(a1, history.at(0), res=41, colorbar=False, interpolation="nearest",
                           labels=False, legend=False)
        hidden = HiddenSpace(a2, history.at(0), lim=lim)
        a1.set_title("$f(u)$, kinks $s_P = 0$, $r_P = 0$")
        a2.set_title("hidden space $(s_a, r_a)$")
        title = fig.suptitle(f"step 0 of {history.steps}:  J = {history.loss[0]:.3g}")
    ks = frame_steps(history.steps, frames)
    fig.canvas.draw()
    fig.set_layout_engine("none")

    def frame(i):
        theta = history.at(ks[i])
        with np.errstate(all="ignore"):
            plane.update(theta)
            hidden.update(theta)
        title.set_text(f"step {ks[i]} of {history.steps}:  J = {history.loss[ks[i]]:.3g}")
        return ()
    return FuncAnimation(fig, frame, frames=len(ks), interval=150, blit=False)


# matplotlib's jshtml player loads Font Awesome from a CDN for its button icons; a stored notebook
# must not reach the network, so the link goes and the icons become plain characters.
_ICONS = {"fa fa-play fa-flip-horizontal": "◀", "fa fa-minus": "−", "fa fa-fast-backward": "|◀◀",
          "fa fa-step-backward": "|◀", "fa fa-pause": "❚❚", "fa fa-play": "▶", "fa fa-step-forward": "▶|",
          "fa fa-fast-forward": "▶▶|", "fa fa-plus": "+"}


def jshtml(anim):
    """anim.to_jshtml() with JPEG frames (~30 kB instead of ~70 kB each) and no request to a CDN."""
    with rc_context({"animation.frame_format": "jpeg"}):
        html = anim.to_jshtml()
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*"\s*>', "", html)
    for cls, text in _ICONS.items():
        html = html.replace(f'<i class="{cls}"></i>', text)
    if "http://" in html or "https://" in html:
        raise RuntimeError("the jshtml player still refers to the network")
    # matplotlib names the player's elements with a random uuid; a name from the frames themselves
    # keeps a re-executed notebook unchanged when its animation is
    uid = re.search(r"_anim_img([0-9a-f]{32})", html).group(1)
    return html.replace(uid, hashlib.sha1(html.replace(uid, "").encode()).hexdigest()[:32])


