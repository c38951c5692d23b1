// Runs the CMS's entry format (generator/cms/admin/entry-format.mjs) under Node for tests/test_cms_files.py.
// Reads {options, jobs: [{text, set, unset, decap}]} as JSON on stdin; for each job reads `text` as
// Decap does, applies the form's changes (to a field of a group where the form shows it in one) and
// writes the file again; prints the texts as JSON.
import * as YAML from "yaml";
import { entryFormat } from "../generator/cms/admin/entry-format.mjs";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { options, jobs } = JSON.parse(input);
const format = entryFormat(YAML, options);
const out = jobs.map(({ text, set = {}, unset = [], decap = false }) => {
  const data = text === null ? {} : format.fromFile(text);
  if (decap) {
    // Decap's Markdown editor gives its text back without the final newline.
    for (const key of options.markdown) if (typeof data[key] === "string") data[key] = data[key].replace(/\n+$/, "");
  }
  const home = (key) => {
    const group = Object.keys(options.groups).find((g) => options.groups[g].includes(key));
    return group ? (data[group] ??= {}) : data;
  };
  for (const [key, value] of Object.entries(set)) home(key)[key] = value;
  for (const key of unset) delete home(key)[key];
  return format.toFile(data);
});
process.stdout.write(JSON.stringify(out));
