"""Heading anchors as JupyterLab makes them ("Checking the notes" → #Checking-the-notes), so the
notebooks' links to their own sections work in the book as they do in JupyterLab."""

__all__ = ["slug", "setup"]


def slug(text):
    return "-".join(text.strip().split())


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
