// The page's own rules over what a log holds, for `helpcenter insights` (generator/insights/words.py):
// signals.js's scrubbing and the search engine's reading of a query, run in Node on the same files
// the page runs, so the report groups searches exactly as the search reads them.
//
//   node node.mjs FOLDER < {"queries": ["..."], "texts": ["..."]}
//
// FOLDER holds signals.js, search/engine.js and stemmer.js as the site publishes them. Prints
// {"queries": [{"shown", "key"}], "texts": ["..."]}: each query as signals.js sends it and the
// engine's key for it ("refunds" and "refund" share one), each text scrubbed again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const folder = process.argv[2];
const { signalQuery, scrub } = await import(pathToFileURL(join(folder, "signals.js")).href);
const { queryKey } = await import(pathToFileURL(join(folder, "search", "engine.js")).href);
const { stemmer } = await import(pathToFileURL(join(folder, "stemmer.js")).href);
const { queries, texts } = JSON.parse(readFileSync(0, "utf8"));
const shown = queries.map((query) => signalQuery(query));
process.stdout.write(JSON.stringify({
  queries: shown.map((query) => ({ shown: query, key: queryKey(query, stemmer) })),
  texts: texts.map((text) => scrub(text)),
}));
