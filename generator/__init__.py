"""The help center's site generator: an MkDocs plugin over FAQ entries in YAML.

Public surface: `load_help_center`, `check_content` and the data they return.
"""

from .content.entries import Category, ContentError, Entry, HelpCenter, Step, check_content, load_help_center
from .content.source import Problem

__all__ = ["Category", "ContentError", "Entry", "HelpCenter", "Problem", "Step", "check_content", "load_help_center"]
