"""The signals `theme/assets/hc/signals.js` sends, as a web server's log records them.

One log line becomes one `Signal` (its day, its kind, its checked fields) or `None` when it is not
a signal at all (another request in a CDN's export). A line that claims to be a signal but breaks
any rule (a field too long, a control character, an unknown vote) raises `BadLineError`: logs are
written by whoever can reach the server, so every field is checked against what signals.js can
send, and the rest is refused rather than shown.

The formats read (`FORMATS`, also in `helpcenter insights --help` and the README):

- **nginx** (`deploy/nginx/helpcenter.conf`'s `helpcenter_signals` format, and what `mkdocs serve`
  writes to `.cache/signals.log`): `2026-12-03T09:30:00+00:00 "/signals/helpful?v=1&entry=..."`.
- **JSON lines** of a CDN's log export, one request a line: Cloudflare Logpush's HTTP requests
  (`EdgeStartTimestamp` as RFC 3339 or Unix seconds, milliseconds or nanoseconds, and
  `ClientRequestURI`), or any export with `time`/`timestamp` and `uri`/`request_uri`/`url`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import unquote_plus

from diagnostics.findings import FAIL, INFO, PASS, UNKNOWN, WARN

#: What signals.js cuts a search and a comment to (its QUERY_LENGTH and TEXT_LENGTH).
QUERY_LENGTH = 80
TEXT_LENGTH = 200
#: How long the signals are kept (deploy/nginx/helpcenter-signals.logrotate; the privacy page says it).
RETENTION_DAYS = 90
#: signals.js's REASONS: why an answer did not help.
REASONS = ("not-my-question", "unclear", "wrong", "did-not-work")
KINDS = ("helpful", "search", "self-check", "read")
#: The self-check's statuses, as its rules give them.
STATUSES = (PASS, WARN, FAIL, UNKNOWN, INFO)
FORMATS = (
    ('nginx: the helpcenter_signals log format of deploy/nginx/ (and mkdocs serve\'s .cache/signals.log): TIME "URI"'),
    (
        "JSON lines of a CDN's log export: Cloudflare Logpush HTTP requests (EdgeStartTimestamp, ClientRequestURI), "
        "or time/timestamp with uri/request_uri/url"
    ),
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NGINX = re.compile(r'(\d{4}-\d\d-\d\d)T\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? "([^"]*)"')
_NUMBER = re.compile(r"\d{1,4}")
_CHECK = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*):([a-z]+)")
_TIME_KEYS = ("EdgeStartTimestamp", "time", "timestamp")
_URI_KEYS = ("ClientRequestURI", "request_uri", "uri", "url")
_OPENED = ("", "email", "self-check", "other")


class BadLineError(ValueError):
    """A line that is not a well-formed signal; the message says why (never the line itself)."""


@dataclass(frozen=True, slots=True)
class Signal:
    day: date
    kind: str
    fields: dict[str, str]


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadLineError("not a date") from None


def _cdn_day(value: object) -> date:
    if isinstance(value, str):
        return _day(value[:10])
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        seconds = value / 1e9 if value > 1e16 else value / 1e3 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            pass
    raise BadLineError("not a time")


def read_line(line: str) -> Signal | None:
    """The signal of one log line (nginx or JSON), None for another request; BadLineError if malformed."""
    if line.startswith("{"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            raise BadLineError("not JSON") from None
        if not isinstance(record, dict):
            raise BadLineError("not a JSON object")
        uri = next((record[k] for k in _URI_KEYS if k in record), None)
        when = next((record[k] for k in _TIME_KEYS if k in record), None)
        if not isinstance(uri, str) or when is None:
            raise BadLineError("no time or address")
        if "/signals/" not in uri:
            return None
        method = record.get("ClientRequestMethod", record.get("method", "POST"))
        if method != "POST":
            return None
        return signal(_cdn_day(when), uri)
    match = _NGINX.fullmatch(line)
    if match is None:
        raise BadLineError("not in the helpcenter_signals format")
    return signal(_day(match.group(1)), match.group(2))


def _printable(value: str, limit: int) -> str:
    if len(value) > limit:
        raise BadLineError("a field is too long")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn") or char in "\u2028\u2029":
            raise BadLineError("a field has control characters")
    return value


def signal(day: date, uri: str) -> Signal | None:
    """The signal a request address carries, its fields checked against what signals.js sends."""
    read = _READ.get(uri)
    if read is None:
        try:
            read = _read_uri(uri)
        except BadLineError as error:
            read = error
        # Logs repeat the same addresses (every read of an answer, every popular search): each is
        # checked once. The cache is emptied when full, so memory stays bounded.
        if len(_READ) >= _READ_SIZE:
            _READ.clear()
        _READ[uri] = read
    if isinstance(read, BadLineError):
        raise read
    return Signal(day, read[0], read[1]) if read else None


_READ: dict[str, tuple[str, dict[str, str]] | BadLineError | tuple[()]] = {}
_READ_SIZE = 50_000


def _fields(query: str) -> dict[str, str]:
    """A query string's fields as `URLSearchParams` writes them ('+' for spaces, UTF-8 %-escapes)."""
    if query.count("&") >= 12:
        raise BadLineError("too many fields")
    fields = {}
    for pair in query.split("&") if query else ():
        name, _, value = pair.partition("=")
        if "%" in value or "+" in value:
            try:
                value = unquote_plus(value, errors="strict")
            except UnicodeDecodeError:
                raise BadLineError("its fields cannot be read") from None
        if name in fields:
            raise BadLineError("a field twice")
        fields[name] = value
    return fields


def _read_uri(uri: str) -> tuple[str, dict[str, str]] | tuple[()]:
    if len(uri) > 2048:
        raise BadLineError("the address is too long")
    path, _, query = uri.partition("?")
    at = path.rfind("/signals/")
    if at == -1:
        return ()
    kind = path[at + len("/signals/") :]
    if kind not in KINDS:
        raise BadLineError("an unknown kind of signal")
    raw = _fields(query.partition("#")[0])
    if raw.get("v") != "1":
        raise BadLineError("not a version 1 signal")
    return kind, _CHECKERS[kind](raw)


def _slug(value: str | None, allowed: tuple[str, ...] = ()) -> str:
    if value is None or (value not in allowed and not (len(value) <= 100 and _SLUG.fullmatch(value))):
        raise BadLineError("not an answer's id")
    return value


def _choice(value: str | None, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise BadLineError("a value signals.js never sends")
    return value


def _number(value: str | None) -> str:
    if value is None or not _NUMBER.fullmatch(value):
        raise BadLineError("not a number")
    return value


def _helpful(raw: dict[str, str]) -> dict[str, str]:
    vote = _choice(raw.get("vote"), ("yes", "no"))
    return {
        "entry": _slug(raw.get("entry")),
        "vote": vote,
        "reason": _choice(raw.get("reason", ""), ("", *REASONS)),
        "text": _printable(raw.get("text", ""), TEXT_LENGTH).strip(),
    }


def _search(raw: dict[str, str]) -> dict[str, str]:
    query = _printable(raw.get("q", ""), QUERY_LENGTH).strip()
    if not query:
        raise BadLineError("a search without words")
    return {
        "q": query,
        "results": _number(raw.get("results")),
        "weak": _choice(raw.get("weak"), ("0", "1")),
        "opened": _slug(raw.get("opened"), _OPENED),
        "rank": _number(raw.get("rank", "0")),
    }


def _self_check(raw: dict[str, str]) -> dict[str, str]:
    checks = raw.get("checks", "")
    items = checks.split(",") if checks else []
    if len(items) > 40 or not all((m := _CHECK.fullmatch(item)) and m.group(2) in STATUSES for item in items):
        raise BadLineError("checks signals.js never sends")
    major = raw.get("major", "")
    return {
        "status": _choice(raw.get("status"), STATUSES),
        "browser": _printable(raw.get("browser", ""), 40).strip(),
        "major": _number(major) if major else "",
        "checks": checks,
    }


def _read(raw: dict[str, str]) -> dict[str, str]:
    return {"entry": _slug(raw.get("entry"))}


_CHECKERS = {"helpful": _helpful, "search": _search, "self-check": _self_check, "read": _read}
