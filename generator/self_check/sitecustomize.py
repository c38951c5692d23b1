"""Installed as ``sitecustomize.py`` in the self-check's trimmed standard library.

Python imports ``sitecustomize`` while it starts, so this finder is in place before
Pyodide's own modules, the package loader and the rules import anything. It finds
nothing itself: it sits last in ``sys.meta_path`` and only notes the name when an
import of a module that the *full* standard library has, but the trimmed one left
out, is about to fail. The page reads :data:`missing` after each step; when it is not
empty it adds the full ``python_stdlib.zip`` to ``sys.path`` and runs the step again,
so a module the build-time trace did not see costs a download, never the report.

Plain Python with no imports beyond ``sys``: it runs during start-up, before most of
the standard library is importable. The build appends ``LEFT_OUT``, the names of the
modules it left out.
"""

import sys

#: Modules that were left out and that something tried to import, in order.
missing: list[str] = []


class LeftOutModules:
    """Last resort of the import system: records imports of left-out standard-library modules."""

    @staticmethod
    def find_spec(name: str, _path: object = None, _target: object = None) -> None:
        if name in LEFT_OUT and name not in missing:
            missing.append(name)


sys.meta_path.append(LeftOutModules)

#: Replaced by the build: every module of the full standard library that is not in this zip.
LEFT_OUT: frozenset[str] = frozenset()
