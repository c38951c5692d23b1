"""`mkdocs build --strict` of the repo and of small fixture sites: what shoppers and search engines get."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from diag_helpers import STEP_IDS
from helpers import ROOT, SEED, build, english_entry_files, entry, fixture_site, write_content

from generator.content.entries import check_content
from generator.pages.html_guard import unsafe_markup

SITE_URL = "https://help.alsgem.com/"


class _Page(HTMLParser):
    """The visible text, links, JSON-LD blocks and meta tags of one built page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.jsonld: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self._in.append(tag if tag != "script" else f"script:{a.get('type', '')}")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "href"):
            if key in a and tag != "a":
                self.sources.append(a[key])
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]

    def handle_endtag(self, tag: str) -> None:  # noqa: ARG002 - HTMLParser's signature
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "script:application/ld+json":
            self.jsonld.append(data)
        elif not where.startswith("script") and where != "style":
            self.text.append(data)


def page(site: Path, url: str) -> _Page:
    parsed = _Page()
    parsed.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return parsed


def normal(text: str) -> str:
    text = text.replace("\xa0", " ").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("¶", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def seed_entries() -> list[tuple[str, list[str]]]:
    """(question, sentences of its answer) for every entry of the shop's FAQ text."""
    entries: list[tuple[str, list[str]]] = []
    lines = SEED.read_text(encoding="utf-8").replace("\xa0", " ").splitlines()
    for index, line in enumerate(lines):
        unmarked = line.startswith("  ") and line.strip().endswith("?") and not lines[index - 1].strip()
        if line.startswith("◼") or unmarked:
            entries.append((line.lstrip("◼ ").strip(), []))
        elif line.strip() and entries:
            text = re.sub(r"^\s*(?:•|\d+\.)\s*", "", line)
            entries[-1][1].extend(s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s)
    return entries


def entry_ids() -> dict[str, str]:
    ids = {}
    for file in english_entry_files():
        ids[yaml.safe_load(file.read_text(encoding="utf-8"))["question"]] = file.stem
    return ids


def test_every_seed_question_is_on_its_permalink_with_its_wording(built_site: Path) -> None:
    """All 13 questions of the shop's FAQ, and every sentence of each answer, are on the question's page."""
    seed = seed_entries()
    assert len(seed) == 13
    ids = entry_ids()
    for question, sentences in seed:
        assert question in ids, f"missing entry for {question!r}"
        shown = page(built_site, f"faq/{ids[question]}")
        text = normal(" ".join(shown.text))
        assert normal(question) in text
        for sentence in sentences:
            assert normal(sentence).rstrip(".!?:") in text, f"{ids[question]}: missing {sentence!r}"


def test_key_facts_are_on_the_pages(built_site: Path) -> None:
    """Facts a shopper looks for are stated on the right pages."""
    facts = {
        "faq/how-can-i-pay": ["visa", "mastercard", "american express", "paypal"],
        "faq/track-my-package": ["tracking number", "at least 24 hours"],
        "faq/delivered-but-not-received": ["24-48 hours", "48 hours", "2 to 3 business days"],
        "faq/use-discount-code": ["one discount code per order"],
        "faq/damaged-or-faulty-item": ["bubble wrap", "order id", "100% handmade"],
        "faq/gift-box-packing": ["one gift box", "free shipping"],
        "faq/no-confirmation-email": ["spam folder"],
        "faq/cannot-pay": [
            "google chrome",
            "mozilla firefox",
            "apple safari",
            "internet explorer",
            "safe mode",
            "cache and cookies",
            "add-ons or extensions",
            "java",
        ],
    }
    for url, words in facts.items():
        text = normal(" ".join(page(built_site, url).text))
        for word in words:
            assert word in text, f"{url}: {word!r}"


def test_support_address_is_a_mail_link_and_each_answer_offers_help(built_site: Path) -> None:
    """Every question page has "Still need help?" opening an email with the question in the subject."""
    for question, entry_id in entry_ids().items():
        shown = page(built_site, f"faq/{entry_id}")
        assert "Still need help?" in " ".join(shown.text)
        mails = [link for link in shown.links if link.startswith("mailto:support@alsgem.com?subject=")]
        assert mails, entry_id
        from urllib.parse import parse_qs, urlsplit

        subject = parse_qs(urlsplit(mails[0]).query)["subject"][0]
        assert question in subject


def test_home_lists_every_category_and_question_and_the_contact_path(built_site: Path) -> None:
    """The home page links to each category page and each question's permalink, and to support."""
    home = page(built_site, ".")
    categories = yaml.safe_load((ROOT / "content" / "categories.yml").read_text(encoding="utf-8"))["categories"]
    for category in categories:
        assert f"{category['id']}/" in home.links
        assert (built_site / category["id"] / "index.html").is_file()
    for entry_id in entry_ids().values():
        assert f"faq/{entry_id}/" in home.links
    assert "mailto:support@alsgem.com" in home.links
    assert "Search the help center" in " ".join(home.text)


def test_json_ld_meta_description_canonical_and_sitemap(built_site: Path) -> None:
    """Pages listing questions carry FAQPage JSON-LD that parses; every page has a description and canonical URL."""
    ids = entry_ids()
    urls = [".", "payment", "returns", *(f"faq/{i}" for i in ids.values())]
    for url in urls:
        shown = page(built_site, url)
        assert len(shown.meta.get("description", "")) > 30, url
        expected = SITE_URL + ("" if url == "." else f"{url}/")
        assert shown.canonical == expected
        data = [json.loads(block) for block in shown.jsonld]
        assert len(data) == 1, url
        assert data[0]["@type"] == "FAQPage", url
        for item in data[0]["mainEntity"]:
            assert item["@type"] == "Question"
            assert item["acceptedAnswer"]["text"]
    home_ld = json.loads(page(built_site, ".").jsonld[0])
    assert {q["name"] for q in home_ld["mainEntity"]} == set(ids)
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for entry_id in ids.values():
        assert f"<loc>{SITE_URL}faq/{entry_id}/</loc>" in sitemap


def test_troubleshooting_steps_have_stable_anchors(built_site: Path) -> None:
    """Each troubleshooting step can be linked: /faq/cannot-pay/#step-ID."""
    html = (built_site / "faq" / "cannot-pay" / "index.html").read_text(encoding="utf-8")
    for step in STEP_IDS:
        assert f'id="step-{step}"' in html


def test_no_page_refers_to_another_host(built_site: Path) -> None:
    """Scripts, styles, fonts and images all come from the site itself."""
    for file in built_site.rglob("*.html"):
        shown = _Page()
        shown.feed(file.read_text(encoding="utf-8"))
        for source in shown.sources:
            assert not re.match(r"^(https?:)?//", source) or source.startswith(SITE_URL), (file, source)
    for file in [*built_site.rglob("*.css")]:
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", file.read_text(encoding="utf-8")), file
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))


def test_permalink_survives_a_move_to_another_category(tmp_path: Path) -> None:
    """Moving an entry to another category changes its category page, not its address."""
    project = fixture_site(tmp_path, {"track-parcel": entry(category="shipping")})
    assert build(project).returncode == 0
    assert (project / "site" / "faq" / "track-parcel" / "index.html").is_file()
    assert "faq/track-parcel/" in (project / "site" / "shipping" / "index.html").read_text(encoding="utf-8")
    write_content(project / "content", {"track-parcel": entry(category="payment")})
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "faq" / "track-parcel" / "index.html").is_file()
    assert "faq/track-parcel/" in (project / "site" / "payment" / "index.html").read_text(encoding="utf-8")


def test_markup_in_a_question_is_shown_as_text(tmp_path: Path) -> None:
    """A question with Markdown and HTML specials appears literally, in the page and the navigation."""
    question = 'What does *bold* `code` [mean](x) & "#1" &amp; _this_ \\ mean?'
    project = fixture_site(tmp_path, {"odd": entry(question=question)})
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "faq" / "odd" / "index.html").read_text(encoding="utf-8")
    assert "<em>" not in html
    assert "<code>" not in html
    shown = page(project / "site", "faq/odd")
    text = "".join(shown.text)
    assert text.count(question) >= 3  # heading, navigation, breadcrumb of the page title


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(str(file.relative_to(folder)).encode() + file.read_bytes())
    return digest.hexdigest()


def test_bad_content_fails_the_build_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """`mkdocs build` reports path:line problems like `helpcenter check` and leaves site/ untouched."""
    project = fixture_site(tmp_path, {"track-parcel": entry()})
    assert build(project).returncode == 0
    before = _tree_digest(project / "site")
    (project / "content" / "faq" / "broken.yml").write_text("question: Why?\nquestoin: x\ncategory: shipping\nanswer: y\n")
    result = build(project)
    assert result.returncode != 0
    assert "content/faq/broken.yml:2: unknown field 'questoin'; did you mean 'question'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree_digest(project / "site") == before
    assert not list(project.glob(".site*"))


@pytest.mark.parametrize(
    "broken",
    [
        "question: [Why, not]\ncategory: shipping\nanswer: Because.\n",
        "question: Why?\ncategory: shipping\nanswer: 42\n",
        "question: Why?\ncategory: shipping\nanswer: Because.\nrelated: {a: b}\nsteps: some text\n",
    ],
    ids=["question-a-list", "answer-a-number", "steps-as-text"],
)
def test_content_checked_in_the_second_process_fails_with_the_checkers_messages(tmp_path: Path, broken: str) -> None:
    """The build checks content files in its second process while it renders: content of the wrong shape, which
    would trip the rendering first, still ends in the checker's own `path:line` messages, not a traceback."""
    project = fixture_site(tmp_path, {"track-parcel": entry()})
    (project / "content" / "faq" / "broken.yml").write_text(broken, encoding="utf-8")
    expected = [str(problem) for problem in check_content(project / "content")]
    assert expected
    result = build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    shown = [line.removeprefix("ERROR   -  ") for line in result.stderr.splitlines()]
    for problem in expected:
        assert any(problem.replace(str(project) + "/", "") in line for line in shown), (problem, result.stderr)
    assert not (project / "site").exists()


def test_the_site_a_build_replaces_is_deleted_by_the_next_one(tmp_path: Path) -> None:
    """The replaced site waits beside site/ (.site.previous) for the next build, which deletes it (in its
    second process) along with any left by a build that was stopped."""
    project = fixture_site(tmp_path, {"track-parcel": entry()})
    assert build(project).returncode == 0
    assert not list(project.glob(".site*"))
    first = _tree_digest(project / "site")
    write_content(project / "content", {"track-parcel": entry(question="Where is my parcel now?")})
    assert build(project).returncode == 0
    assert [f.name for f in project.glob(".site*")] == [".site.previous"]
    assert _tree_digest(project / ".site.previous") == first
    second = _tree_digest(project / "site")
    (project / ".site.deleting-stopped" / "faq").mkdir(parents=True)  # a build stopped while it deleted
    write_content(project / "content", {"track-parcel": entry(question="Where is my parcel today?")})
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert [f.name for f in project.glob(".site*")] == [".site.previous"]
    assert _tree_digest(project / ".site.previous") == second
    assert "today" in (project / "site" / "faq" / "track-parcel" / "index.html").read_text(encoding="utf-8")


def test_a_strict_warning_keeps_the_last_good_site(tmp_path: Path) -> None:
    """A build that fails late (a broken link in strict mode) also leaves site/ as it was."""
    project = fixture_site(tmp_path, {"track-parcel": entry()})
    assert build(project).returncode == 0
    before = _tree_digest(project / "site")
    (project / "static" / "extra.md").write_text("# Extra\n\n[gone](missing.md)\n")
    result = build(project)
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert _tree_digest(project / "site") == before
    assert not list(project.glob(".site*"))


def test_no_inline_script_or_unsafe_markup_in_any_page(built_site: Path) -> None:
    """Pages run under a CSP without 'unsafe-inline', and are safe without one: every script is one of
    the site's files (data blocks aside), no handler, frame or form, no link that runs code."""
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for file in pages:
        assert unsafe_markup(file.read_text(encoding="utf-8")) == [], file.relative_to(built_site)
