/*
 * The self-check in the shopper's language: each English sentence the page or the rules say, shown in the
 * page's language when content/self-check.<lang>.yml (or the troubleshooting entry's translation) has it.
 *
 * `pairs` are [english, translated] from the build (context.texts). An English text with {names} matches any
 * words in their place, which are put into the translation, themselves translated when they are one of the
 * sentences ("about 2 years"). A text that is not one sentence of the list is read sentence by sentence;
 * a sentence without a translation stays English. Plain strings in, plain strings out (no DOM).
 */

const SENTENCE_END = /(?<=[.!?…])\s+(?=[A-Z"“(])/u;
const NAME = /^\{(\w+)\}$/;

export function translator(pairs) {
  const exact = new Map();
  const patterns = [];
  for (const [english, translated] of Array.isArray(pairs) ? pairs : []) {
    if (typeof english !== "string" || typeof translated !== "string") continue;
    if (!/\{\w+\}/.test(english)) { exact.set(english, translated); continue; }
    const names = [];
    const source = english.split(/(\{\w+\})/).map((part) => {
      const name = NAME.exec(part);
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name[1]);
      return "(.+?)";
    }).join("");
    patterns.push({ pattern: new RegExp(`^${source}$`, "su"), names, translated, fixed: english.replace(/\{\w+\}/g, "").length,
      // A {name} never swallows a following sentence: a text matches a pattern with as many sentences (a
      // {name} counted as a word), unless the pattern is words then its last {name} ("What to do: {advice}"),
      // which takes the rest.
      sentences: /^[^{].*\}$/su.test(english) ? 0 : english.replace(/\{\w+\}/g, "X").split(SENTENCE_END).length });
  }
  // The most specific text first: "{browser} is up to date." before "{browser} is {age} old; ...".
  patterns.sort((a, b) => b.fixed - a.fixed);

  function one(text, depth = 0) {
    if (exact.has(text)) return exact.get(text);
    if (depth > 2) return null;
    const sentences = text.split(SENTENCE_END).length;
    for (const { pattern, names, translated, sentences: count } of patterns) {
      const found = (!count || count === sentences) && pattern.exec(text);
      if (!found) continue;
      let out = translated;
      names.forEach((name, i) => { out = out.replaceAll(`{${name}}`, all(found[i + 1], depth + 1)); });
      return out;
    }
    return null;
  }

  /** The text whole if it is one of the list, else sentence by sentence; untranslated ones as they are. */
  function all(text, depth = 0) {
    const whole = one(text, depth);
    if (whole !== null) return whole;
    return text.split(SENTENCE_END).map((sentence) => one(sentence, depth) ?? sentence).join(" ");
  }

  return function translate(text) {
    if (typeof text !== "string" || !text || (!exact.size && !patterns.length)) return text;
    // The plain report indents its lines: the indent stays, the words are translated.
    const indent = /^\s*/.exec(text)[0];
    return indent + all(text.slice(indent.length));
  };
}
