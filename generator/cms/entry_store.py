"""The FAQ entry files as the CMS may see and change them: read with their problems, written only over
what the form read.

This is where the CMS's rules are enforced, whatever the browser sends: only `faq/<id>.yml` (no other
folder, no other file name, no link out of the folder), nothing deleted, a file the checker cannot
read never written over, and a save refused when the file changed on disk since the form read it.
Messages are the checker's own words (`path:line: message`) or say what to do.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.entries import ENTRIES_DIR, check_content
from generator.content.history import NOT_PUBLISHED
from generator.content.source import MAX_FILE_BYTES, Problem, SourceError, parse_yaml
from generator.content.validate import check_entry_file

#: The only paths the CMS may read or write, relative to the content folder.
ENTRY_PATH = re.compile(r"faq/([a-z0-9]+(?:-[a-z0-9]+)*)\.yml")


class RefusedError(Exception):
    """A request the store does not carry out; the message says why and what to do."""


@dataclass(frozen=True)
class EntryFile:
    """One entry file as read: its text, and the first problem that keeps the form from opening it."""

    path: str
    text: str
    problem: str = ""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_problems(text: str, shown: str) -> list[Problem]:
    """Problems of an entry's text on its own (it cannot be read, or breaks the schema): what the form
    cannot show faithfully, so it neither opens such a file for editing nor writes one."""
    try:
        source = parse_yaml(text, shown)
    except SourceError as error:
        return [error.problem]
    return check_entry_file(source)


def _changed_fields(before: str, after: str) -> list[str]:
    """The top-level fields whose values differ between two texts of an entry."""
    try:
        old, new = parse_yaml(before, "before").data, parse_yaml(after, "after").data
    except SourceError:
        return []
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    return [str(k) for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]


class EntryStore:
    """The entry files of one content folder, for the CMS's local server."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.lock = threading.Lock()  # one save at a time: compare and replace must not interleave

    def shown(self, path: str) -> str:
        """A path as `helpcenter check` shows it when run from the project (content/faq/x.yml)."""
        return f"{self.content_dir.name}/{path}"

    def file_of(self, path: str, pattern: re.Pattern[str] = ENTRY_PATH) -> Path:
        """The file of an entry path, or Refused: only faq/<id>.yml (or what `pattern` allows), inside the
        content folder, no link."""
        if not isinstance(path, str) or not pattern.fullmatch(path):
            raise RefusedError(
                f"'{str(path)[:80]}': the editor reads and writes only FAQ entries, {ENTRIES_DIR}/<id>.yml "
                "with an id of lowercase words joined by hyphens; edit other files in a text editor"
            )
        root = self.content_dir.resolve()
        folder = self.content_dir / ENTRIES_DIR
        if folder.is_symlink() or not folder.resolve().is_relative_to(root):
            raise RefusedError(f"{self.shown(ENTRIES_DIR)} is a link out of the content folder; the editor writes only inside it")
        file = folder / path.removeprefix(f"{ENTRIES_DIR}/")
        try:
            mode = file.lstat().st_mode
        except FileNotFoundError:
            return file
        if not stat.S_ISREG(mode):
            raise RefusedError(f"{self.shown(path)} is not a plain file (a link or a folder); the editor does not follow it")
        return file

    def read_text(self, file: Path) -> str | None:
        try:
            with open(file, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NOFOLLOW)) as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise RefusedError(f"{file}: cannot read it ({error.strerror})") from None
        return raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")

    def read(self, path: str) -> EntryFile | None:
        """An entry file with the first problem that keeps the form from opening it; None if absent."""
        text = self.read_text(self.file_of(path))
        if text is None:
            return None
        problems = file_problems(text, self.shown(path))
        return EntryFile(path, text, str(problems[0]) if problems else "")

    def entries(self) -> list[EntryFile]:
        """Every entry file the CMS lists (faq/<id>.yml, plain files), with its problem if any."""
        folder = self.content_dir / ENTRIES_DIR
        if not folder.is_dir():
            return []
        out = []
        for file in sorted(folder.iterdir()):
            path = f"{ENTRIES_DIR}/{file.name}"
            if ENTRY_PATH.fullmatch(path) and file.is_file() and not file.is_symlink() and (entry := self.read(path)):
                out.append(entry)
        return out

    def check(self, path: str, text: str) -> list[dict[str, Any]]:
        """What `helpcenter check` would report in this entry if it held `text`, each problem marked
        `blocking` when the store would refuse to write it (the form asks first for the others)."""
        self.file_of(path)
        shown = self.shown(path)
        blocking = {(p.line, p.message) for p in file_problems(text, shown)}
        entry_id = path.removeprefix(f"{ENTRIES_DIR}/").removesuffix(".yml")
        problems = check_content(self.content_dir, published_ref=NOT_PUBLISHED, drafts={entry_id: text})
        return [
            {
                "text": f"{shown}:{p.line}: {p.message}",
                "line": p.line,
                "message": p.message,
                "blocking": (p.line, p.message) in blocking,
            }
            for p in problems
            if p.path.endswith(f"{ENTRIES_DIR}/{entry_id}.yml")
        ]

    def save(self, path: str, text: str, read: str | None) -> str:
        """Write `text` to an entry file, if the file is still what the form read (`read`, None for a
        new entry) and the checker can read both. Returns a message for the log."""
        file = self.file_of(path)
        shown = self.shown(path)
        if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise RefusedError(f"{shown}: the entry is larger than {MAX_FILE_BYTES // 1024} KB; split it")
        if problems := file_problems(text, shown):
            raise RefusedError(f"not saved, the checker would refuse it: {problems[0]}")
        self.write_over(file, shown, text, read)
        return f"{shown} saved"

    def write_over(
        self, file: Path, shown: str, text: str, read: str | None, problems: Callable[[str, str], list[Problem]] = file_problems
    ) -> None:
        """Write `text` if the file is still what the form read (`read`, None for a new file) and `problems`
        (the checker for its kind of file) finds none in what is there now; else RefusedError."""
        with self.lock:
            current = self.read_text(file)
            if read is None and current is not None:
                raise RefusedError(
                    f"not saved: {shown} already exists (an entry with this address); open it from the "
                    "list, or ask the question in other words"
                )
            if read is not None and current is None:
                raise RefusedError(
                    f"not saved: {shown} was deleted on disk since you opened it; copy your changes, then create the entry again"
                )
            if current is not None and read is not None and current != read:
                fields = _changed_fields(read, current)
                what = f" ({', '.join(fields)} changed there)" if fields else ""
                raise RefusedError(
                    f"not saved: {shown} changed on disk since you opened it{what}, and saving would lose "
                    "that change; your changes are still in the form: copy them, reload the page to open "
                    "the file as it is now, and make them again"
                )
            if current is not None and (found := problems(current, shown)):
                raise RefusedError(
                    f"not saved: the file cannot be opened in the form, so it is not written over: "
                    f"{found[0]}; fix it in a text editor"
                )
            self._write(file, text)

    def _write(self, file: Path, text: str) -> None:
        """Write through a new file in the same folder, then rename it over: never half a file."""
        temporary = file.with_name(f".{file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            temporary.replace(file)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
