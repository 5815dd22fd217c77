"""The User Portal help centre's content core: load, check and render help content.

Plain Python with no MkDocs import, so the site engine can change without touching it.
"""
from __future__ import annotations

from .content import load_help_centre
from .model import HelpCentre
from .problems import ContentError, Problem
from .render import GeneratedPage, Renderer

__all__ = ["ContentError", "GeneratedPage", "HelpCentre", "Problem", "Renderer", "load_help_centre"]
