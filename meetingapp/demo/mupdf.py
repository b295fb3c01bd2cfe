"""PyMuPDF for the demo documents, untyped on purpose.

PyMuPDF ships type hints but its functions are untyped, which strict mypy refuses to
call; the module is therefore used as ``Any``.
"""

from __future__ import annotations

import importlib
from typing import Any, TypeAlias

Document: TypeAlias = Any
Page: TypeAlias = Any
Rect: TypeAlias = Any
Shape: TypeAlias = Any
Font: TypeAlias = Any
TextWriter: TypeAlias = Any

pymupdf: Any = importlib.import_module("pymupdf")
