// The help center's editor at /admin/: Decap CMS with the entry format that keeps files as editors
// wrote them (entry-format.mjs) and a preview in the site's own styles. The configuration
// (config.yml) is generated from the entry schema and the content by generator/cms/form.py.
import { entryFormat } from "./entry-format.mjs";

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
const YAML = await import(new URL(meta("hc-yaml"), document.baseURI).href);
const { CMS, h, createClass } = window;

CMS.registerCustomFormat("helpcenter-entry", "yml", entryFormat(YAML, JSON.parse(meta("hc-entry-format"))));

for (const href of meta("hc-preview-styles").split(" ").filter(Boolean)) {
  CMS.registerPreviewStyle(new URL(href, document.baseURI).href);
}

// The entry as its page shows it: question, answer, then each step's lead, title and text.
const EntryPreview = createClass({
  render() {
    const { entry, widgetFor, widgetsFor } = this.props;
    const steps = entry.getIn(["data", "steps"]);
    const widgets = widgetsFor("steps");
    const stepBlocks = (steps && steps.toArray ? steps.toArray() : []).map((step, i) => {
      const parts = widgets && widgets.getIn ? widgets.getIn([i, "widgets"]) : null;
      return h("section", { key: i },
        parts && parts.get("lead"),
        h("h2", { className: "hc-step" }, (step && step.get && step.get("title")) || ""),
        parts && parts.get("text"));
    });
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
