"""Published as ``importlib/resources/__init__.py`` in the self-check's trimmed standard library.

On Python 3.13 ``importlib.abc`` (which Pyodide's import hook imports while it starts) imports
``importlib.resources``, whose ``__init__`` imports all of ``_common`` and ``_functional`` at
once, and through them ``tempfile``, ``shutil``, ``random``, ``glob``...: about 45 kB on the wire
and their start-up on the shopper's phone, for names the self-check never uses. This stand-in
has the same names, each imported from its real module on first use; a use would import a module
the trimmed stdlib left out, which the page notices and answers by loading the full one.
"""

from importlib.resources.abc import ResourceReader

_FROM = {
    **dict.fromkeys(("as_file", "files", "Package", "Anchor"), "_common"),
    **dict.fromkeys(("contents", "is_resource", "open_binary", "open_text", "path", "read_binary", "read_text"), "_functional"),
}


def __getattr__(name: str) -> object:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


# The names besides ResourceReader are made by __getattr__ on first use.
__all__ = [  # noqa: F822 - the names besides ResourceReader exist once __getattr__ makes them
    "Anchor",
    "Package",
    "ResourceReader",
    "as_file",
    "contents",
    "files",
    "is_resource",
    "open_binary",
    "open_text",
    "path",
    "read_binary",
    "read_text",
]
