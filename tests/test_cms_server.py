"""The CMS's local server, called directly as any page or program on the machine could call it.

Only the preview's /admin/ may use it: the preview's origin, the server's own Host, the run's secret.
It writes only content/faq/<id>.yml, never deletes, never follows a link, never writes over a file
the checker cannot read or that changed since the form read it. Every refusal says why, and the
files stay byte for byte as they were.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import entry, write_content

from generator.cms.local_server import SECRET_HEADER, LocalServer, preview_origins

PREVIEW = "http://127.0.0.1:8000"
TRACK = "question: How do I track my parcel?\ncategory: shipping\nanswer: |\n  You get an email.\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[LocalServer, Path]]:
    content = tmp_path / "content"
    write_content(content, {"track-parcel": TRACK, "wrong-address": entry(question="Wrong address?")})
    server = LocalServer(content, preview_origins("127.0.0.1", 8000))
    server.start()
    try:
        yield server, content
    finally:
        server.stop()


def call(
    server: LocalServer,
    action: str,
    params: dict[str, Any],
    *,
    origin: str = PREVIEW,
    host: str | None = None,
    key: str | None = None,
    method: str = "POST",
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", "Host": host or server.host, "Origin": origin}
    if key is None:
        key = server.secret
    if key:
        headers[SECRET_HEADER] = key
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, "/api/v1", body=json.dumps({"action": action, "params": params}), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def save(path: str, raw: str, read: str | None) -> dict[str, Any]:
    return {"dataFiles": [{"path": path, "raw": raw, "slug": Path(path).stem}], "assets": [], "hcRead": {path: read}}


def test_the_preview_reads_and_saves_an_entry_over_what_it_read(served: tuple[LocalServer, Path]) -> None:
    server, content = served
    status, entries = call(server, "entriesByFolder", {"folder": "faq", "extension": "yml", "depth": 1})
    assert status == 200
    assert [e["file"]["path"] for e in entries] == ["faq/track-parcel.yml", "faq/wrong-address.yml"]
    assert entries[0]["data"] == TRACK
    changed = TRACK.replace("How do I", "How can I")
    assert call(server, "persistEntry", save("faq/track-parcel.yml", changed, TRACK)) == (
        200,
        {"message": "content/faq/track-parcel.yml saved"},
    )
    assert (content / "faq" / "track-parcel.yml").read_text(encoding="utf-8") == changed
    new = TRACK.replace("track my parcel", "pay by card").replace("shipping", "payment")
    assert call(server, "persistEntry", save("faq/pay-by-card.yml", new, None))[0] == 200
    assert (content / "faq" / "pay-by-card.yml").read_text(encoding="utf-8") == new


@pytest.mark.parametrize(
    ("origin", "host", "key", "words"),
    [
        ("http://127.0.0.1:8001", None, None, "requests from 'http://127.0.0.1:8001' are refused"),
        ("http://localhost:3000", None, None, "requests from 'http://localhost:3000' are refused"),
        ("null", None, None, "requests from 'null' are refused"),
        ("", None, None, "requests from 'no origin' are refused"),
        (PREVIEW, "attacker.example:8000", None, "wrong Host 'attacker.example:8000'"),
        (PREVIEW, "localhost", None, "wrong Host 'localhost'"),
        (PREVIEW, None, "", "missing or wrong key"),
        (PREVIEW, None, "an-old-key-from-an-earlier-run", "missing or wrong key"),
    ],
)
def test_anyone_but_the_preview_is_refused(
    served: tuple[LocalServer, Path], origin: str, host: str | None, key: str | None, words: str
) -> None:
    """Another local page, a rebound name, a request without the run's key: refused, nothing read or written."""
    server, content = served
    before = snapshot(content)
    for action, params in (
        ("entriesByFolder", {"folder": "faq"}),
        ("persistEntry", save("faq/track-parcel.yml", "question: pwned\n", TRACK)),
    ):
        status, body = call(server, action, params, origin=origin, host=host, key=key)
        assert status in (403, 421)
        assert words in body["error"]
        assert "data" not in json.dumps(body)
    assert snapshot(content) == before


def test_a_preflight_from_another_origin_gets_no_cors_permission(served: tuple[LocalServer, Path]) -> None:
    server, _ = served
    for origin, allowed in ((PREVIEW, True), ("http://localhost:8000", True), ("http://127.0.0.1:9999", False)):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(
            "OPTIONS", "/api/v1", headers={"Host": server.host, "Origin": origin, "Access-Control-Request-Method": "POST"}
        )
        response = connection.getresponse()
        response.read()
        assert (response.getheader("Access-Control-Allow-Origin") == origin) is allowed, origin
        connection.close()


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("categories.yml", "the editor reads and writes only FAQ entries"),
        ("browsers.yml", "the editor reads and writes only FAQ entries"),
        ("faq/../categories.yml", "the editor reads and writes only FAQ entries"),
        ("faq/../../outside.yml", "the editor reads and writes only FAQ entries"),
        ("/etc/passwd", "the editor reads and writes only FAQ entries"),
        ("faq/sub/entry.yml", "the editor reads and writes only FAQ entries"),
        ("faq/Track-Parcel.yml", "the editor reads and writes only FAQ entries"),
        ("faq/track-parcel.yaml", "the editor reads and writes only FAQ entries"),
        ("faq/.hidden.yml", "the editor reads and writes only FAQ entries"),
        ("faq/track-parcel.yml\x00.png", "the editor reads and writes only FAQ entries"),
    ],
)
def test_only_faq_entries_are_written(served: tuple[LocalServer, Path], path: str, words: str) -> None:
    server, content = served
    before = snapshot(content)
    status, body = call(server, "persistEntry", save(path, TRACK, None))
    assert status == 403
    assert words in body["error"]
    status, body = call(server, "getEntry", {"path": path})
    assert status == 403
    assert snapshot(content) == before
    assert not (content.parent / "outside.yml").exists()


def test_nothing_is_deleted_and_no_media_is_written(served: tuple[LocalServer, Path]) -> None:
    server, content = served
    before = snapshot(content)
    for action, params in (
        ("deleteFile", {"path": "faq/track-parcel.yml"}),
        ("deleteFiles", {"paths": ["faq/track-parcel.yml", "categories.yml"]}),
    ):
        status, body = call(server, action, params)
        assert status == 403
        assert "the editor does not delete entries" in body["error"]
    asset = {"path": "media/x.html", "content": "PHNjcmlwdD4=", "encoding": "base64"}
    status, body = call(server, "persistMedia", {"asset": asset})
    assert status == 403
    status, body = call(server, "persistEntry", {**save("faq/track-parcel.yml", TRACK + "# x\n", TRACK), "assets": [asset]})
    assert status == 403
    assert "saves no pictures or other files" in body["error"]
    moved = save("faq/track-parcel.yml", TRACK, TRACK)
    moved["dataFiles"][0]["newPath"] = "categories.yml"
    assert call(server, "persistEntry", moved)[0] == 403
    assert snapshot(content) == before


def test_a_link_out_of_the_folder_is_not_followed(served: tuple[LocalServer, Path], tmp_path: Path) -> None:
    """An entry file that is a symbolic link (to a file outside content/) is neither read nor written through."""
    server, content = served
    outside = tmp_path / "secret.yml"
    outside.write_text(TRACK, encoding="utf-8")
    (content / "faq" / "linked.yml").symlink_to(outside)
    before = snapshot(content)
    status, body = call(server, "persistEntry", save("faq/linked.yml", TRACK + "# changed\n", TRACK))
    assert status == 403
    assert "is not a plain file (a link or a folder); the editor does not follow it" in body["error"]
    assert call(server, "getEntry", {"path": "faq/linked.yml"})[0] == 403
    _, entries = call(server, "entriesByFolder", {"folder": "faq"})
    assert "faq/linked.yml" not in [e["file"]["path"] for e in entries]
    assert outside.read_text(encoding="utf-8") == TRACK
    assert snapshot(content) == before


def test_a_file_the_checker_cannot_read_is_listed_with_its_problem_and_never_written_over(
    served: tuple[LocalServer, Path],
) -> None:
    server, content = served
    broken = TRACK.replace("question: How do I track my parcel?", 'question: "How do I track my parcel?')
    path = content / "faq" / "track-parcel.yml"
    path.write_text(broken, encoding="utf-8")
    _, entries = call(server, "entriesByFolder", {"folder": "faq"})
    listed = next(e for e in entries if e["file"]["path"] == "faq/track-parcel.yml")
    assert listed["problem"] == (
        "content/faq/track-parcel.yml:1: YAML syntax error: a quote opened on this line is "
        "never closed; close it at the end of the value, or remove it"
    )
    status, body = call(server, "persistEntry", save("faq/track-parcel.yml", TRACK, broken))
    assert status == 403
    assert body["error"].startswith(
        "not saved: the file cannot be opened in the form, so it is not written over: "
        "content/faq/track-parcel.yml:1: YAML syntax error"
    )
    assert path.read_text(encoding="utf-8") == broken


def test_a_save_over_a_file_changed_since_it_was_read_is_refused_and_says_what_changed(served: tuple[LocalServer, Path]) -> None:
    server, content = served
    path = content / "faq" / "track-parcel.yml"
    on_disk = TRACK.replace("You get an email.", "You get an email and a text message.")
    path.write_text(on_disk, encoding="utf-8")
    status, body = call(server, "persistEntry", save("faq/track-parcel.yml", TRACK.replace("How do I", "How can I"), TRACK))
    assert status == 403
    assert body["error"].startswith(
        "not saved: content/faq/track-parcel.yml changed on disk since you opened it "
        "(answer changed there), and saving would lose that change"
    )
    assert path.read_text(encoding="utf-8") == on_disk
    # A new entry at a taken address, a save that does not say what it read, an entry deleted meanwhile.
    status, body = call(server, "persistEntry", save("faq/track-parcel.yml", TRACK, None))
    assert "already exists" in body["error"]
    status, body = call(server, "persistEntry", {**save("faq/track-parcel.yml", TRACK, None), "hcRead": {}})
    assert "the request does not say what the form read" in body["error"]
    path.unlink()
    status, body = call(server, "persistEntry", save("faq/track-parcel.yml", TRACK, on_disk))
    assert "was deleted on disk since you opened it" in body["error"]
    assert not path.exists()


def test_a_save_the_checker_would_refuse_is_not_written(served: tuple[LocalServer, Path]) -> None:
    """A text that would lock the file out of the form (here: an unknown field) is refused with the checker's words."""
    server, content = served
    status, body = call(server, "persistEntry", save("faq/new-one.yml", TRACK + "categry: oops\n", None))
    assert status == 403
    assert (
        body["error"]
        == "not saved, the checker would refuse it: content/faq/new-one.yml:5: unknown field 'categry'; did you mean 'category'?"
    )
    assert not (content / "faq" / "new-one.yml").exists()


def test_check_gives_the_checkers_words_for_the_entry_being_edited(served: tuple[LocalServer, Path]) -> None:
    server, _ = served
    draft = TRACK.replace("shipping", "shiping") + "related: [wrong-adress]\n"
    status, body = call(server, "check", {"path": "faq/track-parcel.yml", "raw": draft})
    assert status == 200
    assert [(p["text"], p["blocking"]) for p in body["problems"]] == [
        (
            "content/faq/track-parcel.yml:2: unknown category 'shiping'; did you mean 'shipping'? "
            "(categories are listed in " + str(_categories(server)) + ")",
            False,
        ),
        ("content/faq/track-parcel.yml:5: related entry 'wrong-adress' does not exist; did you mean 'wrong-address'?", False),
    ]


def _categories(server: LocalServer) -> str:
    """categories.yml as the checker names it (relative to where the test runs, or absolute)."""
    from generator.content.entries import _shown

    return _shown(server.store.content_dir / "categories.yml")


def test_a_translation_not_started_is_listed_saved_as_new_and_never_over_a_changed_file(served: tuple[LocalServer, Path]) -> None:
    """The German list names each entry's translation with where it stands (not started: the text `translate
    start` writes); an untranslated save is refused with `translate done`'s words; a translated one is written
    with the hashes of today's English; a second save over a file changed on disk since is refused."""
    from generator.content.translations import text_hash

    server, content = served
    server.translations.languages = ("de",)
    status, listed = call(server, "entriesByFolder", {"folder": "faq", "extension": "de.yml", "depth": 1})
    assert status == 200
    assert [(e["file"]["path"], e["hcState"], e["hcNew"]) for e in listed] == [
        ("faq/track-parcel.de.yml", "not started", True),
        ("faq/wrong-address.de.yml", "not started", True),
    ]
    started = listed[0]["data"]
    assert 'question: "How do I track my parcel?"' in started
    assert listed[0]["hcEnglish"] == TRACK
    path = "faq/track-parcel.de.yml"
    without_answer = started[: started.index("answer:")].replace("How do I track my parcel?", "Wo ist mein Paket?")
    status, body = call(server, "persistEntry", save(path, without_answer, None))
    assert (status, body["error"]) == (
        403,
        (
            "not saved: content/faq/track-parcel.de.yml: 'answer' of track-parcel.yml is not translated; "
            "add the translation, then run this again"
        ),
    )
    assert not (content / path).exists()
    text = started.replace("How do I track my parcel?", "Wo ist mein Paket?").replace(
        "You get an email.", "Sie bekommen eine E-Mail."
    )
    status, body = call(server, "persistEntry", save(path, text, None))
    assert status == 200, body
    written = (content / path).read_text(encoding="utf-8")
    assert body["hcWritten"] == written
    assert f'  question: "{text_hash("How do I track my parcel?")}"' in written
    assert f'  answer: "{text_hash("You get an email.")}"' in written
    assert written.replace(written[written.index("source:") : written.index("reviewed:")], "") == text
    (content / path).write_text(written + "# a translator's note\n", encoding="utf-8")
    status, body = call(server, "persistEntry", save(path, written.replace("Wo ist", "Wo bleibt"), written))
    assert status == 403
    assert "changed on disk since you opened it" in body["error"]
    assert (content / path).read_text(encoding="utf-8") == written + "# a translator's note\n"
