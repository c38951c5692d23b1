// The help center's search engine (theme/assets/hc/search/engine.js) in Node, for `helpcenter search`
// and the tests: the same file the page runs, on the same index.
//
//   node node.mjs ENGINE_JS STEMMER_JS < {"index": {...}, "queries": ["..."], "limit": 10}
//
// prints a JSON list with the engine's answer for each query. Both files are plain ES modules without
// imports, loaded from data: URLs so that Node reads them as modules wherever they lie (the theme,
// node_modules or a built site) without a package.json saying so.
import { readFileSync } from "node:fs";

const load = (path) => import(`data:text/javascript;base64,${readFileSync(path).toString("base64")}`);
const [enginePath, stemmerPath] = process.argv.slice(2);
const { createSearch } = await load(enginePath);
const { stemmer } = await load(stemmerPath);
const { index, queries, limit } = JSON.parse(readFileSync(0, "utf8"));
const engine = createSearch(index, stemmer);
process.stdout.write(JSON.stringify(queries.map((query) => engine.search(query, { limit }))));
