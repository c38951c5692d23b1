/*
 * The search dialog (theme/partials/search.html): what a shopper types, ranked by engine.js.
 *
 * Opening, closing and the layout stay Material's (the #__search toggle and its styles); this
 * fetches the index the first time search opens, ranks on every keystroke, and shows each answer
 * as its question and a short part of the answer with the matched words marked. When nothing or
 * only a weak match is found, it shows the closest questions, how to email support and, for
 * payment words, the checkout self-check. A query in a language of the shop's markets that the site
 * has no answers in (content/markets.yml) is told so in that language, then in English. Keyboard: "/"
 * or "s" opens search, arrows move through the results, Enter opens the first, Escape closes. Every
 * text goes into the page as text. What it says is in the page's language: the site's words
 * (content/site.yml, site.<lang>.yml), which the template puts in the results' data attributes.
 */
import { createSearch, engineFor } from "./engine.js";
import { stemmer } from "./stemmer.js";
import { searchShown } from "../signals.js";

const form = document.querySelector("form[name=hc-search]");
const toggle = document.getElementById("__search");

if (form && toggle) {
  const dialog = form.closest(".hc-search");
  const input = form.elements.query;
  const results = dialog.querySelector(".md-search-result");
  const meta = results.querySelector(".md-search-result__meta");
  const list = results.querySelector(".md-search-result__list");
  const help = results.querySelector(".hc-search-help");
  const suggest = results.querySelector(".hc-search-suggest");
  const selfCheck = help.querySelector(".hc-search-help__self-check");
  const email = help.querySelector(".hc-search-help__email");
  const mailto = email.getAttribute("href");
  const indexUrl = new URL(form.dataset.index, location.href);
  const siteUrl = new URL("../", indexUrl);
  const pageLanguage = form.dataset.lang || "en";
  /** The site word `name` (a data attribute of the results) with its {placeholders} filled in as text. */
  const say = (name, values = {}) =>
    (results.dataset[name] || "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  // The site's other languages: a query in one of them finds that language's answers (engine.js, engineFor).
  const others = (form.dataset.indexes || "").trim().split(/\s+/).filter(Boolean)
    .map((pair) => pair.split("=", 2)).filter(([lang]) => lang !== pageLanguage);
  let engine = null;
  const engines = [];
  let loading = null;

  const setOpen = (open) => { if (toggle.checked !== open) toggle.click(); };

  /** The index at `url` and its language's stemmer (English's is loaded with this page; others when needed). */
  async function engineOf(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status}`);
    const index = await response.json();
    const language = index.language || "en";
    const stem = language === "en" ? stemmer : (await import(`./stemmer-${language}.js`)).stemmer;
    return createSearch(index, stem);
  }

  function load() {
    loading = loading || engineOf(indexUrl)
      .then((own) => {
        engine = own;
        engines.push(own);
        fillSuggestions(own.suggestions());
        show();
        // The other languages follow in the background; the page's own answers never wait for them.
        for (const [, url] of others) engineOf(new URL(url, location.href)).then((e) => { engines.push(e); }, () => {});
      })
      .catch(() => { meta.textContent = say("unavailable"); });
    return loading;
  }

  function parts(element, pieces) {
    for (const piece of pieces) {
      element.append(piece.mark ? Object.assign(document.createElement("mark"), { textContent: piece.text }) : piece.text);
    }
    return element;
  }

  function item(result) {
    const link = Object.assign(document.createElement("a"), { className: "md-search-result__link", href: new URL(result.url, siteUrl).href });
    const article = Object.assign(document.createElement("article"), { className: "md-search-result__article md-typeset" });
    article.append(parts(document.createElement("h2"), result.question_parts), parts(document.createElement("p"), result.snippet));
    link.append(article);
    const li = Object.assign(document.createElement("li"), { className: "md-search-result__item" });
    li.append(link);
    return li;
  }

  /** The most asked questions and the topics, as links; every text as text. */
  function fillSuggestions({ mostAsked, categories }) {
    const link = (text, url) => {
      const li = document.createElement("li");
      li.append(Object.assign(document.createElement("a"), { href: new URL(url, siteUrl).href, textContent: text }));
      return li;
    };
    suggest.querySelector(".hc-search-suggest__questions").replaceChildren(...mostAsked.map((q) => link(q.question, q.url)));
    suggest.querySelector(".hc-search-suggest__topics").replaceChildren(...categories.map((c) => link(c.title, c.url)));
  }

  function show() {
    const query = input.value.trim();
    results.dataset.query = query;
    if (!engine) { meta.textContent = say("loading"); load(); return; }
    const answer = query ? engineFor(engines, query, pageLanguage).search(query) : null;
    list.replaceChildren(...(answer ? answer.results.map(item) : []));
    const found = answer ? answer.results.length : 0;
    meta.classList.toggle("hc-search-note", Boolean(answer && answer.market));
    if (!answer) meta.textContent = say("start");
    else if (answer.market) {
      // Written in a language of the shop's markets the site has no answers in: say so in it, then in English.
      const note = Object.assign(document.createElement("span"), { lang: answer.market.language, textContent: answer.market.note });
      meta.replaceChildren(note, " ", say(found ? "inEnglishClosest" : "inEnglish"));
    }
    else if (!answer.words.length) meta.textContent = say("moreWords");
    else if (!found) meta.textContent = say("noMatch");
    else if (answer.weak) meta.textContent = say("weak");
    else meta.textContent = say(found === 1 ? "countOne" : "countOther", { count: found });
    help.hidden = !answer || !answer.words.length || !answer.weak;
    // Never an empty screen: before typing, and when nothing matches, the most asked questions and the topics.
    suggest.hidden = Boolean(answer && found && !answer.weak);
    // The self-check for payment words, and whenever nothing matched (the shopper may not have the words for it).
    if (selfCheck) selfCheck.hidden = !(answer && (answer.payment || (answer.words.length && !found)));
    email.href = `${mailto}?subject=${encodeURIComponent(say("subject", { question: query }))}`;
    searchShown(dialog, query, answer);
  }

  /** The links a shopper moves through with the arrow keys, the field first. */
  const stops = () => [input, ...results.querySelectorAll("a[href]")].filter((e) => !e.closest("[hidden]"));

  input.addEventListener("input", show);
  input.addEventListener("focus", () => { setOpen(true); load(); });
  toggle.addEventListener("change", () => { if (toggle.checked) load(); });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(() => { show(); input.focus(); }));
  results.addEventListener("click", (event) => { if (event.target.closest("a")) setOpen(false); });
  // The buttons that open search (the header's magnifier, the home page's button) put the cursor in
  // the field, which also brings up a phone's keyboard.
  document.querySelectorAll("label[for=__search]").forEach((button) => {
    if (!dialog.contains(button)) button.addEventListener("click", () => setTimeout(() => input.focus()));
  });
  // Focus that leaves the dialog (Tab past the last answer) closes it, as it would a menu.
  dialog.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !dialog.contains(event.relatedTarget)) setOpen(false);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      const typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        setOpen(true);
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      setOpen(false);
      input.blur();
    } else if (event.key === "Enter" && active === input) {
      event.preventDefault();
      const first = list.querySelector("a[href]");
      if (first) first.click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const all = stops();
      const at = Math.max(0, all.indexOf(active));
      all[(at + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length].focus();
    }
  });

  // A link to /?q=words opens search with the words typed in (as Material's search did).
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    setOpen(true);
    input.focus();
  }
}
