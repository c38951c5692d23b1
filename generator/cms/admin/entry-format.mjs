// The YAML format Decap CMS reads and writes FAQ entries with (content/faq/<id>.yml).
//
// Decap's own YAML format rewrites the whole file from the form's data: comments, the
// `# yaml-language-server:` first line, quoting and the lists written on one line are lost, and
// every save of an untouched field shows up in `git diff`. This format keeps the file's text and
// replaces only the text of the fields whose value changed: a key with its value, from the key to
// the end of the value, so a comment at the end of the line stays. New fields go where editors
// expect them (the order `helpcenter new` and the guide use), emptied fields are removed, and a
// new entry is written as an editor would write it by hand.
//
// entryFormat(YAML, options, hooks) takes the npm `yaml` module (its Document API knows where every
// value stands in the text), so the same code runs in the browser and under Node in the tests.
//
// A file the checker cannot read is never written over: the local server lists it with its problem
// (`hooks.problemOf(text)`), it opens locked with that message, and writing it throws. Every text
// written is reported with the text it was made from (`hooks.onWrite(raw, source)`, source null for
// a new entry), so the save can say what the form read and the server can refuse a file changed since.

export const SOURCE = "__hc_source";  // the file's text as read, carried through the form's data
export const LOCKED = "__hc_locked";  // why the file cannot be opened in the form (the checker's words)
const FORM_ONLY = /^(__hc_|hc_)/;      // the form's own values, never written to the file

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function entryFormat(YAML, { keyOrder, markdown, modeline, groups = {} }, hooks = {}) {
  const problemOf = hooks.problemOf || (() => "");
  const onWrite = hooks.onWrite || (() => {});
  const markdownKeys = new Set(markdown);

  // What a value means, so that an untouched field compares equal whatever the form did to it:
  // empty values (absent, "", [], false) are the same as no field; Markdown ends with one newline.
  function normal(key, value) {
    if (value === undefined || value === null || value === "" || value === false) return undefined;
    if (typeof value === "string" && markdownKeys.has(key)) {
      const text = value.replace(/\r\n?/g, "\n").replace(/\s+$/, "");
      return text ? `${text}\n` : undefined;
    }
    if (Array.isArray(value)) {
      return value.length ? value.map((item) => normal(key, item) ?? "") : undefined;
    }
    if (isObject(value)) {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        const n = normal(k, v);
        if (n !== undefined) out[k] = n;
      }
      return Object.keys(out).length ? out : undefined;
    }
    return value;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // Keys in the order editors know; others after them, in the order they came.
  function ordered(keys, order) {
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    return [...keys].sort((a, b) => rank(a) - rank(b));
  }

  // "key: value" as written by hand: Markdown as a `|` block, lists of words on one line.
  function pairText(key, value) {
    const doc = new YAML.Document({ [key]: value });
    YAML.visit(doc, {
      Pair(_, pair) {
        const name = pair.key && pair.key.value;
        if (YAML.isScalar(pair.value) && typeof pair.value.value === "string" && markdownKeys.has(name)) {
          pair.value.type = YAML.Scalar.BLOCK_LITERAL;
        }
      },
      Seq(_, seq) {
        seq.flow = seq.items.every((item) => YAML.isScalar(item));
      },
    });
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
  }

  function indented(text, indent) {
    return text.replace(/\n(?=.)/g, `\n${indent}`);
  }

  function lineStart(text, offset) {
    return text.lastIndexOf("\n", offset - 1) + 1;
  }

  // Edits (start, end, new text) that turn the map `node` of `text`, whose value is `current`, into `wanted`.
  function mapEdits(text, node, current, wanted, order, edits) {
    const pairs = new Map(node.items.map((pair) => [String(pair.key && pair.key.value), pair]));
    for (const [key, pair] of pairs) {
      const before = normal(key, current[key]);
      const after = normal(key, wanted[key]);
      if (same(before, after)) continue;
      const start = pair.key.range[0];
      const indent = " ".repeat(start - lineStart(text, start));
      if (after === undefined) {
        // The whole line(s) of the field go, with a comment at their end.
        edits.push([lineStart(text, start), pair.value ? pair.value.range[2] : pair.key.range[2], ""]);
      } else if (YAML.isMap(pair.value) && !pair.value.flow && isObject(after)) {
        mapEdits(text, pair.value, current[key], after, [], edits);
      } else if (YAML.isSeq(pair.value) && !pair.value.flow && Array.isArray(after) && isObject(after[0])
                 && pair.value.items.length === after.length && pair.value.items.every((i) => YAML.isMap(i))) {
        pair.value.items.forEach((item, i) => mapEdits(text, item, current[key][i], after[i], [], edits));
      } else {
        const end = pair.value ? pair.value.range[1] : pair.key.range[2];
        const block = text.slice(start, end).endsWith("\n");
        const fresh = indented(pairText(key, after), indent).replace(/\n$/, "");
        edits.push([start, end, block ? `${fresh}\n` : fresh]);
      }
    }
    const keys = ordered(Object.keys(wanted), order.length ? order : Object.keys(wanted));
    for (const key of keys) {
      const value = normal(key, wanted[key]);
      if (pairs.has(key) || value === undefined) continue;
      // Before the first field that comes after it, or at the end of the map.
      const rank = keys.indexOf(key);
      const next = [...pairs.entries()].find(([k]) => keys.indexOf(k) > rank || (order.length && !order.includes(k)));
      let at; let indent;
      if (next) {
        at = lineStart(text, next[1].key.range[0]);
        indent = " ".repeat(next[1].key.range[0] - at);
      } else {
        const last = node.items[node.items.length - 1];
        at = last ? (last.value ? last.value.range[2] : last.key.range[2]) : node.range[2];
        indent = last ? " ".repeat(last.key.range[0] - lineStart(text, last.key.range[0])) : "";
      }
      const prefix = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
      edits.push([at, at, prefix + indent + indented(pairText(key, value), indent)]);
    }
  }

  function newFile(data) {
    let text = `${modeline}\n`;
    for (const key of ordered(Object.keys(data), keyOrder)) {
      const value = normal(key, data[key]);
      if (value !== undefined) text += pairText(key, value);
    }
    return text;
  }

  // The form shows optional and advanced fields in groups (form.py GROUPS); the file has them at the top.
  function grouped(data) {
    const out = { ...data };
    for (const [group, keys] of Object.entries(groups)) {
      out[group] = {};
      for (const key of keys) {
        if (key in out) { out[group][key] = out[key]; delete out[key]; }
      }
    }
    return out;
  }

  function flat(data) {
    const out = {};
    for (const [key, value] of Object.entries(data)) {
      if (key in groups) Object.assign(out, isObject(value) ? value : {});
      else if (!FORM_ONLY.test(key)) out[key] = value;
    }
    return out;
  }

  function locked(text, problem) {
    return { question: `Cannot be opened in the form: ${problem}`, [LOCKED]: problem, [SOURCE]: text };
  }

  return {
    fromFile(text) {
      const problem = problemOf(text);
      if (problem) return locked(text, problem);
      const doc = YAML.parseDocument(text);
      if (doc.errors.length) return locked(text, `YAML syntax error: ${doc.errors[0].message}`);
      const data = doc.toJSON();
      if (!isObject(data)) return locked(text, "the file is not a set of fields (question:, category:, answer:)");
      return { ...grouped(data), [SOURCE]: text };
    },

    toFile(data) {
      if (data[LOCKED]) {
        throw new Error(`This entry cannot be saved from the form, so nothing was written: ${data[LOCKED]}`);
      }
      const source = data[SOURCE];
      const wanted = flat(data);
      const text = write(typeof source === "string" ? source : null, wanted);
      onWrite(text, typeof source === "string" ? source : null);
      return text;
    },
  };

  function write(source, wanted) {
    const doc = source === null ? null : YAML.parseDocument(source);
    if (!doc || doc.errors.length || !YAML.isMap(doc.contents)) return newFile(wanted);
    const edits = [];
    mapEdits(source, doc.contents, doc.toJSON(), wanted, keyOrder, edits);
    let text = source;
    // From the end, so the offsets of earlier edits stay right; at one offset, in the order made.
    edits.map((edit, i) => [...edit, i]).sort((a, b) => b[0] - a[0] || b[3] - a[3])
      .forEach(([start, end, fresh]) => { text = text.slice(0, start) + fresh + text.slice(end); });
    return text;
  }
}

// The format of an entry's translation (content/faq/<id>.<lang>.yml), edited beside its English.
//
// The form shows each translated text after its English, read-only: `fromFile` adds the English texts
// (`hooks.englishOf(text)`: the English file's text the local server sent with the translation) as
// form-only fields (`hc_en_question`, and in each step `hc_en_title`...), and the steps, a map by step
// id in the file, as a list in the English order. `toFile` undoes both and writes through entryFormat,
// so only what the translator changed is rewritten; the `source:` block is kept as read (the local
// server records the English the translation now matches, as `helpcenter translate done` does).
export function translationFormat(YAML, options, hooks = {}) {
  const { englishPrefix, state, translationKeyOrder, markdown } = options;
  const englishOf = hooks.englishOf || (() => null);
  const problemOf = hooks.problemOf || (() => "");
  const base = entryFormat(YAML, { keyOrder: translationKeyOrder, markdown, modeline: "", groups: {} }, hooks);
  const PARTS = ["lead", "title", "text"];

  return {
    fromFile(text) {
      const opened = base.fromFile(text);
      if (opened[LOCKED]) return opened;
      const info = englishOf(text) || {};
      let english = {};
      try { english = (info.english && YAML.parse(info.english)) || {}; } catch { english = {}; }
      const data = { ...opened, [state]: info.state || "", hc_message: info.message || "" };
      delete data.source;  // never shown; toFile takes it from the text as read
      if (problemOf(text)) return data;
      for (const key of ["question", "summary", "answer"]) data[englishPrefix + key] = english[key] || "";
      const translated = isObject(opened.steps) ? opened.steps : {};
      data.steps = (Array.isArray(english.steps) ? english.steps : []).filter((step) => isObject(step) && step.id).map((step) => {
        const item = { id: step.id };
        for (const part of PARTS) {
          item[englishPrefix + part] = step[part] || "";
          item[part] = (isObject(translated[step.id]) && translated[step.id][part]) || "";
        }
        return item;
      });
      return data;
    },

    toFile(data) {
      if (data[LOCKED]) return base.toFile(data);  // throws: a file the form cannot open is not written
      const read = typeof data[SOURCE] === "string" ? YAML.parse(data[SOURCE]) : null;
      const wanted = {};
      for (const [key, value] of Object.entries(data)) {
        if (key !== "steps" && !key.startsWith(englishPrefix)) wanted[key] = value;
      }
      if (isObject(read) && read.source !== undefined) wanted.source = read.source;
      const steps = {};
      for (const step of Array.isArray(data.steps) ? data.steps : []) {
        const parts = {};
        for (const part of PARTS) if (step && step[part]) parts[part] = step[part];
        if (step && step.id && Object.keys(parts).length) steps[step.id] = parts;
      }
      if (Object.keys(steps).length) wanted.steps = steps;
      return base.toFile(wanted);
    },
  };
}
