// The help center's search engine (theme/assets/hc/search/engine.js) in Node, for `helpcenter search`
// and the tests: the same file the page runs, on the same indexes.
//
//   node node.mjs ENGINE_JS STEMMER_JS < {"index": {...}, "queries": ["..."], "limit": 10}
//   node node.mjs ENGINE_JS en=STEMMER_JS de=STEMMER_JS ... < {"indexes": {"en": {...}, "de": {...}}, "page": "de", ...}
//
// prints a JSON list with the engine's answer for each query (with several indexes, the one the page would
// pick for the query: engineFor). The files are plain ES modules without imports, loaded from data: URLs so
// that Node reads them as modules wherever they lie (the theme, node_modules or a built site) without a
// package.json saying so.
import { readFileSync } from "node:fs";

const load = (path) => import(`data:text/javascript;base64,${readFileSync(path).toString("base64")}`);
const [enginePath, ...stemmerArgs] = process.argv.slice(2);
const { createSearch, engineFor } = await load(enginePath);
const { index, indexes, page, queries, limit } = JSON.parse(readFileSync(0, "utf8"));
const stemmers = {};
for (const arg of stemmerArgs) {
  const [lang, path] = arg.includes("=") ? arg.split("=", 2) : ["en", arg];
  stemmers[lang] = (await load(path)).stemmer;
}
const engines = index
  ? [createSearch(index, stemmers[index.language || "en"] || Object.values(stemmers)[0])]
  : Object.entries(indexes).map(([lang, data]) => createSearch(data, stemmers[lang]));
const pageLanguage = page || engines[0].language;
process.stdout.write(JSON.stringify(queries.map((query) => {
  const engine = engineFor(engines, query, pageLanguage);
  return { ...engine.search(query, { limit }), language: engine.language };
})));
