// The help center's editor at /admin/: Decap CMS with the entry format that keeps files as editors
// wrote them (entry-format.mjs), the checker's words about the entry being edited, and a preview in
// the site's own styles. The configuration (config.yml) is generated from the entry schema and the
// content by generator/cms/form.py; the local server (generator/cms/local_server.py) checks and
// writes entries under `mkdocs serve`.
import { entryFormat, LOCKED, translationFormat } from "./entry-format.mjs";

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
const YAML = await import(new URL(meta("hc-yaml"), document.baseURI).href);
const { CMS, h, createClass } = window;
const KEY = meta("hc-server-key");  // only under `mkdocs serve`: the local server's secret for this run
const KEY_HEADER = "X-Helpcenter-Key";

// --- The local server: what the form read goes with every save --------------------------------------

const readFrom = new Map();   // text to write -> the file's text it was made from (null: a new entry)
const savedAs = new Map();    // a text the form read -> what this page saved over it since (a second save)
const problemOf = new Map();  // a file's text -> why the form cannot open it (the checker's words)
const serverUrl = meta("hc-server");  // the local server's API, under `mkdocs serve`

const englishOf = new Map(); // a translation's text -> {english, state, message} the server sent with it
const SAVED_EVENT = "hc-translation-saved";  // {path, state, message}: where a translation stands once saved
const notOnDisk = new Set(); // texts of translations not started: what `translate start` would write
const hooks = {
  problemOf: (text) => problemOf.get(text) || "",
  // A translation not started is a new file: the server must find nothing there.
  onWrite: (raw, source) => readFrom.set(raw, notOnDisk.has(source) ? null : source),
  englishOf: (text) => englishOf.get(text),
};
const options = JSON.parse(meta("hc-entry-format"));
const format = entryFormat(YAML, options, hooks);

// Decap's proxy backend posts JSON to the server; this adds the run's key to each request, what the
// form read to each save, and notes each file the server says the form cannot open.
const decapFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  if (!KEY || !serverUrl || String(input) !== serverUrl || !init || typeof init.body !== "string") {
    return decapFetch(input, init);
  }
  const body = JSON.parse(init.body);
  const saving = body.action === "persistEntry" ? (body.params.dataFiles || []).filter((file) => readFrom.has(file.raw)) : [];
  const read = (file) => {
    let text = readFrom.get(file.raw);
    if (text === null && savedAs.has(`new:${file.path}`)) text = `new:${file.path}`;  // saved once already
    while (savedAs.has(text)) text = savedAs.get(text);
    return text;
  };
  if (body.action === "persistEntry") body.params.hcRead = Object.fromEntries(saving.map((file) => [file.path, read(file)]));
  const headers = { ...(init.headers || {}), [KEY_HEADER]: KEY };
  const response = await decapFetch(input, { ...init, headers, body: JSON.stringify(body) });
  if (response.ok && body.action === "persistEntry") {
    // A translation is written with its source: block brought up to date: that text is on disk now.
    const { hcWritten, hcState, hcMessage } = await response.clone().json();
    for (const file of saving) savedAs.set(read(file) ?? `new:${file.path}`, typeof hcWritten === "string" ? hcWritten : file.raw);
    // ... and it stands elsewhere now (up to date, not reviewed): the form's status line says so.
    if (typeof hcState === "string") {
      for (const file of saving) {
        window.dispatchEvent(new CustomEvent(SAVED_EVENT, { detail: { path: file.path, state: hcState, message: String(hcMessage || "") } }));
      }
    }
  }
  if (response.ok && ["entriesByFolder", "entriesByFiles", "getEntry"].includes(body.action)) {
    const found = await response.clone().json();
    for (const item of Array.isArray(found) ? found : [found]) {
      if (item && item.problem && typeof item.data === "string") problemOf.set(item.data, item.problem);
      if (item && typeof item.hcEnglish === "string" && typeof item.data === "string") {
        englishOf.set(item.data, { english: item.hcEnglish, state: item.hcState, message: item.hcMessage });
        if (item.hcNew) notOnDisk.add(item.data);
      }
    }
  }
  return response;
};

function server(action, params, { sync = false } = {}) {
  const body = JSON.stringify({ action, params });
  if (sync) {  // at "Publish": the answer must be for what is in the form now, before Decap goes on
    const request = new XMLHttpRequest();
    request.open("POST", serverUrl, false);
    request.setRequestHeader("Content-Type", "application/json; charset=utf-8");
    request.setRequestHeader(KEY_HEADER, KEY);
    request.send(body);
    return JSON.parse(request.responseText);
  }
  return decapFetch(serverUrl, { method: "POST", body, headers: { "Content-Type": "application/json; charset=utf-8", [KEY_HEADER]: KEY } })
    .then((response) => response.json());
}

CMS.registerCustomFormat("helpcenter-entry", "yml", format);
CMS.registerCustomFormat("helpcenter-translation", "yml", translationFormat(YAML, options, hooks));

// --- The checker's words about the entry being edited ------------------------------------------------

function slug(text) {
  return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "new-entry";
}

// What to check: the text the form would write, at the entry's address.
function draft(entry) {
  const data = entry.get("data").toJS();
  if (data[LOCKED]) return { locked: data[LOCKED] };
  const path = entry.get("path") || `faq/${slug(data.question)}.yml`;
  try {
    return { path, raw: format.toFile(data) };
  } catch (error) {
    return { locked: String(error.message || error) };
  }
}

const ProblemsControl = createClass({
  getInitialState() {
    return { problems: null, locked: "", failed: "" };
  },
  // Decap re-renders a field only when its own value changes; the entry is looked at a few times a
  // second instead, and checked again when it changed.
  componentDidMount() { this.timer = setInterval(() => this.poll(), 300); this.poll(); },
  componentWillUnmount() { clearInterval(this.timer); this.gone = true; },
  entry() { return this.props.getEntry ? this.props.getEntry() : this.props.entry; },
  poll() {
    const data = this.entry().get("data");
    if (data === this.seen) return;
    this.seen = data;
    this.check();
  },
  async check() {
    const { path, raw, locked } = draft(this.entry());
    if (locked) { this.setState({ locked, problems: [] }); return; }
    if (!KEY) { this.setState({ problems: [] }); return; }  // a Git backend: `helpcenter check` runs in CI
    const asked = (this.asked = (this.asked || 0) + 1);
    try {
      const answer = await server("check", { path, raw });
      if (this.gone || asked !== this.asked) return;
      this.setState(answer.error ? { failed: answer.error, problems: [] } : { problems: answer.problems, failed: "", locked: "" });
    } catch (error) {
      if (!this.gone) this.setState({ failed: `the preview's server does not answer (${error}); is mkdocs serve still running?` });
    }
  },
  // At "Publish": a locked file or a problem the server refuses stops it; another problem asks first.
  isValid() {
    const { path, raw, locked } = draft(this.entry());
    const stop = (message) => ({ error: { type: "CUSTOM", message } });
    if (locked) return stop(`This file cannot be opened in the form, so it is not saved: ${locked}. Fix it in a text editor.`);
    if (!KEY) return true;
    const answer = server("check", { path, raw }, { sync: true });
    if (answer.error) return stop(answer.error);
    this.setState({ problems: answer.problems });
    const blocking = answer.problems.filter((p) => p.blocking);
    if (blocking.length) return stop(`Not published: ${blocking.map((p) => p.text).join("; ")}`);
    if (!answer.problems.length) return true;
    const list = answer.problems.map((p) => `• ${p.text}`).join("\n");
    if (window.confirm(`helpcenter check finds ${answer.problems.length === 1 ? "a problem" : "problems"} in this entry:\n\n${list}\n\nPublish anyway?`)) return true;
    return stop("Not published: fix the problems listed above, or publish anyway.");
  },
  render() {
    const { problems, locked, failed } = this.state;
    const items = (list) => h("ul", {}, list.map((text, i) => h("li", { key: i }, text)));
    let body;
    if (locked) {
      body = h("div", { className: "hc-locked", role: "alert" },
        h("strong", {}, "This file cannot be opened in the form, and the form will not save over it."),
        items([locked]), "Fix it in a text editor; the list shows it again once the checker can read it.");
    } else if (failed) {
      body = h("p", { role: "alert" }, failed);
    } else if (problems === null) {
      body = h("p", {}, "Checking…");
    } else if (!problems.length) {
      body = h("p", { className: "hc-no-problems" }, "No problems.");
    } else {
      body = h("div", { className: "hc-problems", role: "alert" }, items(problems.map((p) => p.text)));
    }
    return h("div", { className: this.props.classNameWrapper, "aria-live": "polite" }, body);
  },
});
CMS.registerWidget("hc-problems", ProblemsControl, () => null);

// --- Advanced: a group of fields, not shown on a new entry -------------------------------------------

const ObjectWidget = CMS.getWidget("object");
const AdvancedControl = createClass({
  render() {
    const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
    if (entry.get("newRecord")) {
      // The whole field (its label too) goes: a new entry is not retired, renamed or the self-check's.
      return h("span", { ref: (node) => { const field = node && node.closest("[aria-label]"); if (field) field.hidden = true; } });
    }
    return h(ObjectWidget.control, this.props);
  },
});
CMS.registerWidget("hc-advanced", AdvancedControl, ObjectWidget.preview);

// --- Translations: the English beside each translated field, and where the translation stands -----------

// The English text a translated field translates: shown, never edited, never written.
const EnglishControl = createClass({
  render() {
    return h("div", { className: `${this.props.classNameWrapper} hc-english`, lang: "en" }, String(this.props.value || "—"));
  },
});
CMS.registerWidget("hc-english", EnglishControl, () => null);
// A step's id: shown as the English is, across the form (admin.css pairs only "hc-english" fields).
CMS.registerWidget("hc-step-id", EnglishControl, () => null);

// "stale", "not started", "not reviewed" or "up to date", and what `helpcenter check` says about it: as the
// file was opened, then as the server says after each save (Decap keeps the opened form's values).
const StateControl = createClass({
  getInitialState() { return { saved: null }; },
  componentDidMount() {
    this.onSaved = (event) => {
      const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      if (event.detail && event.detail.path === entry.get("path")) this.setState({ saved: event.detail });
    };
    window.addEventListener(SAVED_EVENT, this.onSaved);
  },
  componentWillUnmount() { window.removeEventListener(SAVED_EVENT, this.onSaved); },
  render() {
    const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
    const { saved } = this.state;
    const state = saved ? saved.state : String(this.props.value || "");
    const message = saved ? saved.message : entry.getIn(["data", "hc_message"]) || "";
    return h("div", { className: `${this.props.classNameWrapper} hc-translation-state`, role: "status" },
      h("strong", {}, state), message ? h("p", {}, message) : null);
  },
});
CMS.registerWidget("hc-translation-state", StateControl, () => null);

// --- Words ---------------------------------------------------------------------------------------------

// Decap's English, except where it says what is not so or draws a glyph common fonts lack.
const english = CMS.getLocale && CMS.getLocale("en");
if (english) {
  const words = structuredClone(english);
  words.collection.collectionTop.newButton = "New %{collectionLabel}";
  words.editor.editorToolbar.changesSaved = "";  // a new or unchanged entry is not "saved"; a save says "Entry saved"
  CMS.registerLocale("en", words);
}

// --- Preview ---------------------------------------------------------------------------------------------

for (const href of meta("hc-preview-styles").split(" ").filter(Boolean)) {
  CMS.registerPreviewStyle(new URL(href, document.baseURI).href);
}

// The entry as its page shows it: question, answer, then each step's lead, title and text.
const EntryPreview = createClass({
  render() {
    const { entry, widgetFor } = this.props;
    const steps = entry.getIn(["data", "more", "steps"]);
    const text = (step, key) => (step && step.get && step.get(key)) || "";
    const stepBlocks = (steps && steps.toArray ? steps.toArray() : []).map((step, i) => h("section", { key: i },
      text(step, "lead") && h("p", {}, text(step, "lead")),
      h("h2", { className: "hc-step" }, text(step, "title")),
      h("p", {}, text(step, "text"))));
    return h("div", { "data-md-color-scheme": "default", "data-md-color-primary": "custom", "data-md-color-accent": "custom" },
      h("div", { className: "md-content" },
        h("article", { className: "md-content__inner md-typeset" },
          h("h1", {}, entry.getIn(["data", "question"]) || ""),
          widgetFor("answer"),
          ...stepBlocks)));
  },
});
CMS.registerPreviewTemplate("faq", EntryPreview);

CMS.init();
