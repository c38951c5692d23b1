/*
 * The help center's search engine: ranks the FAQ entries for what a shopper types.
 *
 * One implementation for the page (search.js imports it) and for Node (`helpcenter search` and the
 * tests run it through generator/search/node.mjs), so editors see the ranking shoppers get. Plain
 * data in (search/answers.json, written by generator/search/index.py), plain data out, no DOM. The stemmer
 * (npm `stemmer`, Porter's algorithm) is passed in, so this file imports nothing.
 *
 * Reading a query (the entries' texts are read the same way):
 * 1. Lower case, accents and apostrophes dropped, contractions spelled out ("didn't" -> "did not"),
 *    British spellings made American ("colour" -> "color"), number words as digits, then stemmed
 *    ("shipped" -> "ship"). Negations ("no", "never", "can't") all become "not".
 * 2. A word the site does not know is corrected to the closest word it knows (one edit from five
 *    letters, two from nine), or split into two known words ("giftbox"); known words are never
 *    corrected, so a correction can never beat an exact match. Two words whose join is a known
 *    word are joined ("e mail" -> "email").
 * 3. The synonyms file's phrases are found first, longest first ("zip code"); each phrase or
 *    remaining word is one *concept*, whose alternatives are itself and its synonyms.
 * 4. Stop words ("how", "my", "the") are never concepts: they never match on their own.
 *
 * Ranking: a concept scores by its best alternative (BM25 over the question, the other phrasings,
 * the keywords, the category and the answer, in falling weight; exact words beat other word
 * forms and synonyms, which beat corrected typos). The entry's score is the sum, times the square
 * of the share of concepts it matches (an entry that answers the whole question beats one that
 * shares a word) and a bonus for how much of the entry's own question the query covers.
 */

export const FORMAT = 1;

const STOP_WORDS = new Set(`a about above after again against all also am an and any anyone anything are as at
  be because been before being below between both but by can could dear did do does doing done down during each
  either else ever every everyone everything few for from further get gets getting got gotten had has have having
  he hello her here hers herself hey hi him himself his how however i if in into is it its itself just let me
  mine more most much my myself of off often on once only or our ours ourselves out over own please really
  same she should so some someone something such than thank thanks that the their theirs them themselves then
  there these they this those through to too under until up us very was we were what whatever when where which
  while who whom whose why will with without would yet you your yours yourself`.trim().split(/\s+/));
// Verbs that carry the sentence, not its subject: "i want to make a reclamation", "after order nothing
// come". Stop words too, but still words of the synonyms file's phrases ("change my mind").
const LIGHT_VERBS = ["want", "wanted", "need", "needed", "make", "come", "try", "tried", "help"];
for (const verb of LIGHT_VERBS) STOP_WORDS.add(verb);

const NEGATIONS = new Set(["no", "not", "never", "nope"]);

// Articles and possessives: people who learnt English as a second language often leave them out
// ("where is package") or put them where a native speaker would not ("the payment not function"), so
// a phrase of the synonyms file matches with or without them.
const OPTIONAL = new Set(["a", "an", "the", "my", "your", "our", "his", "her", "its", "their", "this", "that", "some"]);

// Words typed without their apostrophe, and common shorthand.
const SPELLED_OUT = {
  cant: "can not", cannot: "can not", wont: "will not", dont: "do not", doesnt: "does not", didnt: "did not",
  isnt: "is not", arent: "are not", wasnt: "was not", werent: "were not", havent: "have not", hasnt: "has not",
  hadnt: "had not", couldnt: "could not", shouldnt: "should not", wouldnt: "would not", aint: "is not",
  im: "i am", ive: "i have", youre: "you are", theyre: "they are", wheres: "where is", whats: "what is",
  thats: "that is", theres: "there is", hows: "how is", elses: "else", thru: "through", u: "you", ur: "your",
  pls: "please", plz: "please",
};

const NUMBERS = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8",
  nine: "9", ten: "10" };

// Irregular verb forms, which no stemmer joins: "my ring broke" finds "broken".
const IRREGULAR = Object.fromEntries(Object.entries({
  break: "broke broken", bend: "bent", buy: "bought", pay: "paid", send: "sent", lose: "lost", steal: "stole stolen",
  find: "found", fall: "fell fallen", tear: "tore torn", wear: "wore worn", bring: "brought", sell: "sold",
  tell: "told", keep: "kept", leave: "left", spend: "spent", choose: "chose chosen", give: "gave given",
  take: "took taken", make: "made", come: "came", go: "went gone", see: "saw seen", write: "wrote written",
  catch: "caught", forget: "forgot forgotten", throw: "threw thrown", mean: "meant",
}).flatMap(([base, forms]) => forms.split(" ").map((form) => [form, base])));

// British spellings made American, on both sides, so either spelling finds the other. (Word
// forms such as cancelled/canceled and instalment/installment the stemmer already joins.)
const AMERICAN = [
  [/ellery$/, "elry"],                                         // jewellery
  [/^(.{2,}[^aeiou])our(s|ed|ing|ite|ites|able)?$/, "$1or$2"], // colour, neighbour, favourite
  [/^(.{4,})is(e|es|ed|ing|ation|ations)$/, "$1iz$2"],         // realise, organisation
  [/yse(s|d)?$/, "yze$1"],                                     // analyse
  [/^(.{2,}[bt])re(s)?$/, "$1er$2"],                           // centre, fibre
  [/^(.{3,})ogue(s)?$/, "$1og$2"],                             // catalogue
];

/*
 * German and French. Their words are read as the English ones, with their own stop words, negations and
 * number words. German folds its umlauts, typed, spelled out or dropped, into one plain letter
 * ("rückgabe", "rueckgabe" and "ruckgabe" are one word) and splits compound words into the words the
 * site knows ("zahlungsproblem" -> "zahlung" + "problem", with the linking "s" dropped; an index word's
 * last part counts as a word of its own, so "paketverfolgung" finds "sendungsverfolgung"). French splits
 * elisions ("l'adresse" -> "adresse"). The stemmer (Snowball, npm @orama/stemmers) is passed in like the
 * English one.
 */
const GERMAN_STOP = `aber alle alles als also am an auch auf aus bei beim bin bis bist bitte da damit dann das dass
  dein deine dem den denn der des dich die dir doch dort du durch ein eine einem einen einer eines er es etwas euch
  euer für gerne gibt hab habe haben hallo hat hatte hatten hier ich ihm ihn ihnen ihr ihre im in ins ist ja jetzt
  kann kannst koennen konnte man mal mein meine meinem meinen meiner meines mich mir mit moechte muss nach noch nun
  nur ob oder ohne schon sehr sein seine sich sie sind so soll sollte um und uns unser unsere vom von vor war waren
  warum was weil welche welcher welches wenn wer werde werden wie wieder wir wird wo woher wurde wurden zu zum zur
  danke bzw gern immer`;
const FRENCH_STOP = `a ai alors as au aussi aux avec avez avoir avons bien bonjour c ca ce cela ces cet cette chez
  comme comment d dans de des deja dois doit donc du elle elles en encore est et etais etait ete etre eu faire fait
  il ils j je l la le les leur leurs lui m ma mais me merci mes moi mon n ne nos notre nous on ont ou par peut peux
  plait pour pourquoi pourrais pouvez puis qu quand que quel quelle quelles quels qui quoi s sa se ses si sil son
  stp sur svp t ta te tes toi ton tous tout toute toutes tres tu un une vers vos votre vous y est-ce
  vais vas va allons allez vont`;

const LANGUAGES = {
  en: { code: "en", stop: STOP_WORDS, irregular: IRREGULAR },
  de: { code: "de", stop: GERMAN_STOP, irregular: {}, negations: new Set(["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "nichts"]),
    // After the accents are dropped (ü -> u), a spelled-out umlaut is made plain too (ue -> u), but not in "qu".
    letters: [["ß", "ss"]], plain: [/(?<!q)([aou])e/g, "$1"], elision: /$^/g,
    numbers: { zwei: "2", drei: "3", vier: "4", funf: "5", sechs: "6", sieben: "7", acht: "8", zehn: "10" },
    // A compound's parts, and the linking letters a part may end with before the next ("zahlung-s-problem").
    compounds: { links: ["s", "es", "n", "en", "e", "er"], part: 4, head: 4 } },
  // Spoken French drops "ne" ("ça marche pas"): "pas" is the negation, and "ne", which never comes without
  // "pas", "jamais" or "rien", is a stop word.
  fr: { code: "fr", stop: FRENCH_STOP, irregular: {}, negations: new Set(["pas", "non", "jamais", "aucun", "aucune", "rien"]),
    letters: [["œ", "oe"], ["æ", "ae"]], elision: /\b(l|d|j|m|t|s|c|n|qu|jusqu|lorsqu|puisqu)'(?=\p{L})/gu,
    // Not "un", "une" (articles) nor "neuf" (new).
    numbers: { deux: "2", trois: "3", quatre: "4", cinq: "5", six: "6", sept: "7", huit: "8", dix: "10" } },
};
for (const rules of Object.values(LANGUAGES)) {
  // Stop words are read as any other words are (umlauts spelled out, accents dropped), once.
  if (typeof rules.stop === "string") rules.stop = new Set(rules.stop.trim().split(/\s+/).flatMap((w) => words(w, { ...rules, negations: new Set(), numbers: {} })));
}

const FIELDS = { question: 4, phrasings: 3, keywords: 3, category: 0.5, answer: 1 };
const STRONG = ["question", "phrasings", "keywords"];
// How much a match counts, by how the entry's word was reached from the shopper's.
const WEIGHT = { exact: 1, form: 0.8, synonym: 0.8, typo: 0.6, split: 0.9 };
const K1 = 1.2, B = 0.75;
const SNIPPET_WORDS = 26;

/** The words of `text`, normalised but not stemmed: "Didn't" -> ["did", "not"]. `rules`: a language's (below). */
export function words(text, rules = LANGUAGES.en) {
  if (rules.code !== "en") return otherWords(text, rules);
  const spelled = String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘`´]/g, "'")
    .replace(/\b(can|won|shan)'t\b/g, (_, w) => ({ can: "can", won: "will", shan: "shall" })[w] + " not")
    .replace(/n't\b/g, " not")
    .replace(/'re\b/g, " are").replace(/'ve\b/g, " have").replace(/'ll\b/g, " will")
    .replace(/'m\b/g, " am").replace(/'d\b/g, " would")
    .replace(/\b(where|what|that|there|it|he|she|who|how|here)'s\b/g, "$1 is")
    .replace(/'s?\b/g, "").replace(/'/g, "");
  const out = [];
  for (const raw of spelled.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    for (const word of (SPELLED_OUT[raw] || raw).split(" ")) {
      let w = NUMBERS[word] || IRREGULAR[word] || word;
      if (NEGATIONS.has(w)) w = "not";
      else if (w.length >= 5) for (const [pattern, replacement] of AMERICAN) w = w.replace(pattern, replacement);
      out.push(w);
    }
  }
  return out;
}

/** German and French: the language's own letters made plain, elisions split ("j'ai" -> "j ai"), negations as "not". */
function otherWords(text, rules) {
  let plain = String(text).toLowerCase().replace(/[’‘`´]/g, "'");
  for (const [letter, spelled] of rules.letters) plain = plain.replaceAll(letter, spelled);
  plain = plain.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(rules.elision, "$1 ").replace(/'/g, "");
  if (rules.plain) plain = plain.replace(...rules.plain);
  const out = [];
  for (const raw of plain.split(/[^\p{L}\p{N}]+/u)) {
    if (raw) out.push(rules.negations.has(raw) ? "not" : rules.numbers[raw] || raw);
  }
  return out;
}

export const isStopWord = (word, rules = LANGUAGES.en) => rules.stop.has(word) || (word.length < 2 && !/\d/.test(word));

/** A word's stem as the index keeps it: numbers stay as they are. */
const stemOf = (word, stemmer) => (/^\d+$/.test(word) ? word : stemmer(word));

/**
 * What a query asks, as the engine reads it before corrections: its words without stop words,
 * stemmed ("Refunds?" and "my refund" -> "refund"). `helpcenter insights` counts searches by it.
 */
export const queryKey = (text, stemmer) => words(text).filter((w) => !isStopWord(w)).map((w) => stemOf(w, stemmer)).join(" ");

/** Optimal string alignment distance (an edit, or two letters swapped, costs 1), or max + 1 beyond `max`. */
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = [], prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev; prev = row;
  }
  return prev[b.length];
}

const readWords = words;
const isStop = isStopWord;

/**
 * Build the search for an index (the JSON of search/answers.json) and a stem function.
 * Returns { search(query, options) }; see `search` below for what it returns.
 */
export function createSearch(index, stemmer) {
  if (index.format !== FORMAT) throw new Error(`search index format ${index.format}, expected ${FORMAT}`);
  // The index's language: its words, stop words and irregular forms (English when it says none).
  const rules = LANGUAGES[index.language || "en"];
  if (!rules) throw new Error(`search index language ${index.language} is not one the engine reads`);
  const words = (text) => readWords(text, rules);
  const isStopWord = (word) => isStop(word, rules);
  const IRREGULAR = rules.irregular;
  const stems = new Map();
  const stem = (word) => {
    let s = stems.get(word);
    if (s === undefined) stems.set(word, (s = stemOf(word, stemmer)));
    return s;
  };

  // --- Compound words (German): a word as the words of the site it is made of -----------------------
  const compounds = rules.compounds;
  /**
   * The ways to cut `word` into a first part that `isPart` knows (a linking "s", "en"... after it dropped)
   * and the rest, the longest first part first: "sendungsverfolgung" -> ["sendung", "verfolgung"].
   */
  function cuts(word, isPart) {
    const found = [];
    for (let i = word.length - compounds.head; i >= compounds.part; i--) {
      const left = word.slice(0, i);
      const bare = [left, ...compounds.links.filter((l) => left.endsWith(l)).map((l) => left.slice(0, -l.length))]
        .find((p) => p.length >= compounds.part && !isStopWord(p) && isPart(p));
      if (bare) found.push([bare, word.slice(i)]);
    }
    return found;
  }
  /** Whether `part` is one of `surface` (words as written), or a verb's stem ("bestell" of "bestellen"). */
  const isModifier = (surface) => (part) => surface.has(part) || surface.has(`${part}en`) || surface.has(`${part}n`);
  // An index word's last parts count as words of their own ("sendungsverfolgung" is also "verfolgung"):
  // the cuts are made against the words the entries and synonyms use as they are written.
  const written = new Set();
  if (compounds) {
    const texts = index.entries.flatMap((e) => [e.question, e.answer, ...(e.phrasings || []), ...(e.keywords || [])]);
    for (const text of [...texts, ...(index.synonyms || []).flat()]) for (const w of words(text)) if (!isStopWord(w)) written.add(w);
  }
  const inIndex = isModifier(written);
  function heads(word) {
    if (!compounds || word.length < compounds.part + compounds.head) return [];
    const all = cuts(word, inIndex);
    const [, rest] = all.find(([, r]) => written.has(r)) || all[0] || [];
    return rest ? [rest, ...heads(rest)] : [];
  }

  // --- The index: per entry and field, how often each stem occurs --------------------------------
  const known = new Map();      // every known word (entries and synonyms) -> how many entries use it
  const postings = new Map();   // stem -> Set of entry numbers
  const totals = {}, counts = {};
  const docs = index.entries.map((entry, n) => {
    const texts = {
      question: [entry.question], phrasings: entry.phrasings || [], keywords: entry.keywords || [],
      category: [index.categories[entry.category] || ""], answer: [entry.answer],
    };
    const used = new Set(); // the words themselves, unstemmed
    const fields = {};
    for (const name of Object.keys(FIELDS)) {
      fields[name] = texts[name].map((text) => {
        const tf = new Map();
        const list = words(text);
        const seq = list.map(stem); // every word in order, stop words too, for phrases
        // Hyphenated words are also indexed joined: "e-mail" is found as "email".
        for (const m of String(text).matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu)) list.push(...words(m[0].replace(/-/g, "")));
        // A compound's last parts are found, but are no words a typo is corrected to: some are only a cut.
        const parts = new Set(compounds ? list.flatMap(heads) : []);
        let length = 0;
        for (const word of [...list, ...parts]) {
          if (isStopWord(word)) continue;
          length++;
          if (!parts.has(word)) used.add(word);
          const s = stem(word);
          tf.set(s, (tf.get(s) || 0) + 1);
          if (!postings.has(s)) postings.set(s, new Set());
          postings.get(s).add(n);
        }
        totals[name] = (totals[name] || 0) + length;
        counts[name] = (counts[name] || 0) + 1;
        return { tf, length, seq };
      });
    }
    used.forEach((word) => known.set(word, (known.get(word) || 0) + 1));
    return { entry, fields, used };
  });
  const average = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, totals[f] / (counts[f] || 1)]));
  const idf = (s) => {
    const df = postings.has(s) ? postings.get(s).size : 0;
    return Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
  };
  const sortedStems = [...postings.keys()].sort();

  // Synonym groups: each member phrase as stems (stop words kept for phrase matching, dropped for scoring).
  const groups = (index.synonyms || []).map((group) => group.map((member) => {
    const all = words(member);
    for (const w of all) if (!known.has(w) && !isStopWord(w)) known.set(w, 0);
    const content = all.filter((w) => !isStopWord(w));
    // Stop words between its words ("not what i ordered") make a phrase match only word for word.
    const inner = content.length > 1 && all.slice(all.indexOf(content[0]), all.lastIndexOf(content.at(-1))).some(isStopWord);
    const core = all.filter((w) => !OPTIONAL.has(w)).map(stem);
    return { text: member, all: all.map(stem), core, content: content.map(stem), inner };
  }).flatMap((member) => {
    // "not" and one word match in either order: German says "funktioniert nicht" and "nicht funktioniert",
    // French "ne marche pas" and "marche pas". The twin is matched, never offered as an alternative.
    const { all } = member;
    if (all.length !== 2 || !all.includes("not") || member.content.length !== 2) return [member];
    const reversed = [all[1], all[0]];
    return [member, { ...member, all: reversed, core: reversed, content: reversed, twin: true }];
  }));
  const byFirstStem = new Map();
  groups.forEach((group, g) => group.forEach((member, m) => {
    for (const key of new Set([member.all[0], member.core[0], member.content[0]])) {
      if (key === undefined) continue;
      if (!byFirstStem.has(key)) byFirstStem.set(key, []);
      byFirstStem.get(key).push([g, m]);
    }
  }));
  // The groups each single word belongs to: a phrase's word may be said with one of its synonyms.
  const wordGroups = new Map();
  groups.forEach((group, g) => group.forEach((member) => {
    if (member.content.length !== 1 || member.all.length !== 1) return;
    if (!wordGroups.has(member.all[0])) wordGroups.set(member.all[0], new Set());
    wordGroups.get(member.all[0]).add(g);
  }));
  /** Whether a typed stem says a phrase's word: the same stem, or a word of the same synonym group. */
  const akin = (typed, wanted) => {
    if (typed === wanted) return true;
    const a = wordGroups.get(typed), b = wordGroups.get(wanted);
    return Boolean(a && b && [...a].some((g) => b.has(g)));
  };

  // A misspelt irregular form ("brocken") is corrected to the form, then read as its base word.
  for (const [form, base] of Object.entries(IRREGULAR)) if (known.has(base)) known.set(form, known.get(base));
  const knownWords = [...known.keys()];
  // A form of a synonyms file's word is known too ("zahlungsmoeglichkeiten" of "zahlungsmoeglichkeit").
  const isKnown = (word) => known.has(word) || isStopWord(word) || postings.has(stem(word)) || wordGroups.has(stem(word));

  // --- Reading the query ----------------------------------------------------------------------------
  /** The closest known word within the edit budget, preferring words more entries use. */
  function correct(word, relaxed) {
    const max = word.length >= 9 ? 2 : word.length >= 5 ? 1 : relaxed && word.length >= 4 ? 1 : 0;
    if (!max || /\d/.test(word)) return null;
    let best = null, bestDistance = max + 1, bestUse = -1;
    for (const candidate of knownWords) {
      const d = distance(word, candidate, Math.min(max, bestDistance));
      const use = known.get(candidate);
      if (d < bestDistance || (d === bestDistance && d <= max && use > bestUse)) {
        best = candidate; bestDistance = d; bestUse = use;
      }
    }
    return bestDistance <= max ? best : null;
  }

  function split(word) {
    for (let i = 3; i <= word.length - 3; i++) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      if (known.has(left) && known.has(right)) return [left, right];
    }
    return null;
  }

  // A compound's last part is known in any form ("problem" and "probleme" have different stems).
  const isWord = (word) => !isStopWord(word) && (isKnown(word) || reach(stem(word), true).length > 0);
  const isFirstPart = isModifier(new Set(known.keys()));
  /** `word` as two or three parts the site knows ("zahlungsproblem" -> "zahlung", "problem"), or null. */
  function decompose(word, depth = 2) {
    if (word.length < compounds.part + compounds.head) return null;
    for (const [left, rest] of cuts(word, isFirstPart)) {
      if (isWord(rest)) return [left, rest];
      const more = depth > 1 && decompose(rest, depth - 1);
      if (more) return [left, ...more];
    }
    return null;
  }
  /** A compound the site knows one part of, five letters or more: that part ("bezahlvorgang" -> "bezahl"). */
  function partOf(word) {
    for (let i = compounds.part; i <= word.length - 5; i++) if (isKnown(word.slice(i)) && !isStopWord(word.slice(i))) return [word.slice(i)];
    const [first] = cuts(word, (p) => p.length >= 5 && isKnown(p));
    return first ? [first[0]] : null;
  }

  /** The query's tokens: { word, stem, how } after corrections, splits and joins. */
  function tokens(query, relaxed) {
    const out = [];
    for (const word of words(query)) {
      if (isKnown(word)) { out.push({ word, how: "exact" }); continue; }
      // A compound of known words before a typo: "zahlungsproblem" is no misspelling of another word.
      let parts = compounds && decompose(word);
      if (parts) { for (const part of parts) out.push({ word: part, typed: word, how: "split" }); continue; }
      const fixed = correct(word, relaxed);
      if (fixed) { out.push({ word: IRREGULAR[fixed] || fixed, typed: word, how: "typo" }); continue; }
      parts = compounds ? partOf(word) : split(word);
      if (parts) { for (const part of parts) out.push({ word: part, typed: word, how: "split" }); continue; }
      out.push({ word, how: "exact" });
    }
    for (let i = 0; i < out.length - 1; i++) {
      const joined = out[i].word + out[i + 1].word;
      if (out[i].word !== "not" && known.has(joined) && !isStopWord(joined)) out.splice(i, 2, { word: joined, typed: `${out[i].word} ${out[i + 1].word}`, how: "exact" });
    }
    return out.map((t) => ({ ...t, stem: stem(t.word), stop: isStopWord(t.word) }));
  }

  /** Concepts: synonym phrases (longest first), then each remaining word that is not a stop word. */
  function concepts(list) {
    const found = [];
    const content = list.map((t, i) => i).filter((i) => !list[i].stop);
    const core = list.map((t, i) => i).filter((i) => !OPTIONAL.has(list[i].word));
    const taken = new Set();
    const spans = [];
    for (let i = 0; i < list.length; i++) {
      for (const [g, m] of byFirstStem.get(list[i].stem) || []) {
        const member = groups[g][m];
        // A phrase matches word for word, or on its content words alone when it has two or more.
        const full = member.all.every((s, k) => list[i + k] && (k ? akin(list[i + k].stem, s) : list[i].stem === s)) ? member.all.length : 0;
        let positions = full ? Array.from({ length: full }, (_, k) => i + k) : null;
        // Word for word but for articles and possessives, typed or left out: "where is package".
        if (!positions && member.core.length >= 2) positions = phraseIn(core.slice(core.indexOf(i)).map((p) => [p, list[p].stem]), member.core, 0);
        if (!positions && member.content.length >= 2 && !member.inner && !list[i].stop) {
          positions = phraseIn(content.slice(content.indexOf(i)).map((p) => [p, list[p].stem]), member.content, 0);
        }
        // A phrase of stop words alone ("at once") counts when typed whole, as two words or more.
        if (positions && (member.content.length || positions.length >= 2)) spans.push({ g, positions });
      }
    }
    // Longest first; of two that overlap, the later one, which in English is the head: "wrong house
    // number" reads as "wrong" + "house number", not "wrong house" + "number".
    // Words typed side by side belong together before words with others between them: "not accept my
    // card" reads as "not accept" + "card", not "not" + "accept (my) card".
    const gaps = (positions) => positions.at(-1) - positions[0] + 1 - positions.length;
    spans.sort((a, b) => b.positions.length - a.positions.length || gaps(a.positions) - gaps(b.positions)
      || b.positions.at(-1) - a.positions.at(-1));
    for (const { g, positions } of spans) {
      const key = positions.join(" ");
      const same = found.find((c) => c.key === key);
      if (same) { same.alternatives.push(...alternativesOf(g, same.own, same.how).slice(1)); continue; }
      if (positions.some((p) => taken.has(p))) continue;
      positions.forEach((p) => taken.add(p));
      const how = positions.some((p) => list[p].how === "typo") ? "typo" : "exact";
      const typed = positions.map((p) => list[p].typed || list[p].word).join(" ");
      const ownWords = positions.filter((p) => !list[p].stop);
      const own = ownWords.map((p) => list[p].stem);
      const alternatives = alternativesOf(g, own, how);
      if (ownWords.length === 1) alternatives[0].word = list[ownWords[0]].word;
      // A word in two groups (different words with one stem) reads as either: all their members count.
      found.push({ key, at: positions[0], typed, own, how, alternatives });
    }
    list.forEach((t, i) => {
      if (taken.has(i) || t.stop) return;
      const alternatives = [{ stems: [t.stem], word: t.word, weight: WEIGHT[t.how], how: t.how, prefix: true }];
      found.push({ at: i, typed: t.typed || t.word, alternatives });
    });
    return found.sort((a, b) => a.at - b.at);
  }

  /** Positions of `stems` in `seq` ([position, stem] pairs), in order from the first, `gap` other words allowed between. */
  function phraseIn(seq, stems, gap) {
    if (!seq.length || seq[0][1] !== stems[0]) return null;
    const positions = [seq[0][0]];
    let at = 0;
    for (const s of stems.slice(1)) {
      // After its first word, a phrase's word may be said with a synonym: "where is my command" (an
      // order, to a French speaker) is "where is my order", "not put" is "not applied".
      const next = seq.slice(at + 1, at + 2 + gap).findIndex(([, t]) => akin(t, s));
      if (next === -1) return null;
      at += next + 1;
      positions.push(seq[at][0]);
    }
    return positions;
  }

  /** The typed phrase (its content stems) first, then every other member of its synonym group. */
  function alternativesOf(g, own, how) {
    const list = [{ stems: own, phrase: own.length > 1 ? own : null, weight: WEIGHT[how], how, prefix: own.length === 1 }];
    for (const member of groups[g]) {
      if (member.twin) continue;
      // "not" alone is in too many answers to stand for a phrase ("not here").
      if (member.content.join(" ") === own.join(" ") || member.content.join(" ") === "not") continue;
      // A phrase of the synonyms file counts only where it stands whole ("after checkout", not "checkout").
      list.push({ stems: member.content, phrase: member.all.length > 1 ? member.all : null, weight: WEIGHT[how] * WEIGHT.synonym,
        how: how === "typo" ? "typo" : "synonym", text: member.text });
    }
    return list;
  }

  // --- Scoring ----------------------------------------------------------------------------------------
  /** The stems of the index a query stem reaches: itself, and longer or shorter forms of it. */
  const reachCache = new Map();
  function reach(s, prefix) {
    const key = `${s}|${prefix}`;
    if (reachCache.has(key)) return reachCache.get(key);
    const found = [];
    if (postings.has(s)) found.push(s);
    if (prefix && s.length >= 3) {
      let lo = 0, hi = sortedStems.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sortedStems[mid] < s) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < sortedStems.length && sortedStems[i].startsWith(s) && found.length < 30; i++) {
        // Another form ("deliv" -> "deliveri"), not another word that starts the same ("check" -> "checkout").
        if (sortedStems[i] !== s && sortedStems[i].length - s.length <= 2) found.push(sortedStems[i]);
      }
      // Shorter forms: "deliveri" (delivery) reaches "deliv" (delivered), "ringtone" does not reach "ring".
      for (let n = s.length - 1; n >= Math.max(4, s.length - 3); n--) if (postings.has(s.slice(0, n))) found.push(s.slice(0, n));
    }
    reachCache.set(key, found);
    return found;
  }

  /** Whether `stems` follow each other in the stem list `seq` (one other word allowed between two). */
  function hasPhrase(seq, stems) {
    for (let i = seq.indexOf(stems[0]); i !== -1; i = seq.indexOf(stems[0], i + 1)) {
      let at = i;
      for (const s of stems.slice(1)) {
        if (seq[at + 1] === s) at += 1;
        else if (seq[at + 2] === s) at += 2;
        else { at = -1; break; }
      }
      if (at !== -1) return true;
    }
    return false;
  }

  // A stem's score in an entry, kept while one query is ranked: its synonyms often share words.
  const fieldScores = new Map();

  /** BM25F without the IDF: the stem's weighted, length-normalised count over the fields, saturated once. */
  function fieldScore(doc, s, phrase) {
    const byField = {};
    let count = 0;
    for (const [name, weight] of Object.entries(FIELDS)) {
      let best = 0;
      for (const { tf, length, seq } of doc.fields[name]) {
        const n = tf.get(s);
        if (n && phrase && !hasPhrase(seq, phrase)) continue;
        if (n) best = Math.max(best, n / (1 - B + (B * length) / (average[name] || 1)));
      }
      if (best) { byField[name] = true; count += weight * best; }
    }
    return { total: (count * (K1 + 1)) / (count + K1), byField };
  }

  function scoreAlternative(alternative, n, cap) {
    let sum = 0;
    const matched = [], fields = new Set();
    // The words of a phrase count only where they stand together.
    const { phrase } = alternative;
    for (const s of alternative.stems) {
      let best = null;
      for (const variant of reach(s, alternative.prefix)) {
        if (!postings.get(variant).has(n)) continue;
        const key = phrase ? null : `${n} ${variant}`;
        let scored = key && fieldScores.get(key);
        if (!scored) {
          scored = fieldScore(docs[n], variant, phrase);
          if (key) fieldScores.set(key, scored);
        }
        const { total: count, byField } = scored;
        if (!count) continue;
        // Another word with the same stem ("packaging" for "package") counts as another form.
        const same = variant === s && (!alternative.word || docs[n].used.has(alternative.word));
        const total = count * Math.min(idf(variant), cap) * (same ? 1 : WEIGHT.form);
        if (!best || total > best.score) best = { score: total, variant, byField };
      }
      if (!best) return null;
      sum += best.score;
      matched.push(best.variant);
      Object.keys(best.byField).forEach((f) => fields.add(f));
    }
    return { score: (alternative.weight * sum) / alternative.stems.length, matched, fields };
  }

  /** The entries that match `query`, best first, and every stem of the index its words reach. */
  function rank(query, relaxed) {
    fieldScores.clear();
    const list = concepts(tokens(query, relaxed));
    const results = [];
    if (!list.length) return { list, results, reachable: new Set(), marked: new Set() };
    const reachable = new Set(), typed = new Set(), candidates = new Set();
    // The words shown marked: not "not" (every answer has one; a marked "not" reads as the answer),
    // and a phrase's words only where the shopper typed them ("apple pay" does not mark "Apple Safari").
    const marked = new Set();
    for (const concept of list) {
      // Another form or a synonym weighs at most what the typed word weighs (when the site uses that
      // word): a rarer word must not outweigh the shopper's own.
      const own = [];
      concept.alternatives.forEach((a, i) => a.stems.forEach((st) => reach(st, a.prefix).forEach((v) => {
        reachable.add(v);
        if (st !== "not" && (i === 0 || a.stems.length === 1)) marked.add(v);
        postings.get(v).forEach((n) => candidates.add(n));
        if (i === 0) { own.push(idf(v)); typed.add(v); }
      })));
      const [word, ...more] = concept.alternatives[0].stems;
      concept.cap = !more.length && postings.has(word) ? idf(word) : own.length ? Math.max(...own) : Infinity;
    }
    for (const n of candidates) {
      let sum = 0, hits = 0, strong = false;
      const matches = [];
      for (const concept of list) {
        let best = null;
        for (const alternative of concept.alternatives) {
          if (!alternative.stems.length) continue;
          const got = scoreAlternative(alternative, n, concept.cap);
          if (got && (!best || got.score > best.score)) best = { ...got, alternative };
        }
        if (!best) continue;
        // A word found only in the answer's text is half a match: the entry may merely mention it.
        const inQuestion = STRONG.some((f) => best.fields.has(f));
        hits += inQuestion ? 1 : 0.5;
        sum += best.score;
        if (inQuestion) strong = true;
        matches.push({ typed: concept.typed, how: best.alternative.how, via: best.alternative.text || "",
          found: best.matched, fields: [...best.fields] });
      }
      if (!hits) continue;
      const coverage = hits / list.length;
      // How much of the entry's question (or of one of its phrasings or keywords) the query says: an
      // entry whose question the shopper asked in other words beats one that shares a few of them.
      // A keyword, a word or two long, counts only when said in the shopper's own words.
      const { question, phrasings, keywords } = docs[n].fields;
      const share = (words) => ({ tf }) => [...tf.keys()].filter((s) => words.has(s)).length / (tf.size || 1);
      const said = Math.max(...[...question, ...phrasings].map(share(reachable)), ...keywords.map(share(typed)));
      results.push({ n, score: sum * coverage * coverage * (1 + said), coverage, strong, matches });
    }
    results.sort((a, b) => b.score - a.score || docs[a.n].entry.question.localeCompare(docs[b.n].entry.question));
    return { list, results, reachable, marked };
  }

  // --- What the page and the command line show ------------------------------------------------------
  // The stems of one word of a text as shown ("Didn't" -> ["not"]), kept: answers repeat their words.
  const shownWords = new Map();
  function stemsOf(token) {
    let found = shownWords.get(token);
    if (!found) shownWords.set(token, (found = words(token).filter((w) => !isStopWord(w)).map(stem)));
    return found;
  }

  /** `text` cut into [{ text, mark }] parts, the words whose stems are in `marked` marked. */
  function highlight(text, marked) {
    const parts = [];
    let last = 0;
    for (const m of String(text).matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
      const hit = stemsOf(m[0]).some((s) => marked.has(s));
      if (!hit) continue;
      if (m.index > last) parts.push({ text: text.slice(last, m.index), mark: false });
      parts.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push({ text: text.slice(last), mark: false });
    return parts;
  }

  /**
   * About SNIPPET_WORDS words of `text` from the start of the sentence that best answers: the one
   * with the most of the shopper's words, rarer words counting more; of equal ones the first; never a
   * negated one; the opening when no other sentence says any of the shopper's words.
   */
  function snippet(text, marked) {
    const spans = [...String(text).matchAll(/\S+/g)];
    if (spans.length <= SNIPPET_WORDS) return highlight(text, marked);
    const starts = spans.map((m, i) => i).filter((i) => i === 0 || /[.!?:]$/.test(spans[i - 1][0]));
    let start = 0, most = 0;
    starts.forEach((from, k) => {
      const to = k + 1 < starts.length ? starts[k + 1] : spans.length;
      const sentence = spans.slice(from, to).map((m) => words(m[0])).flat();
      // A negated sentence is a caveat ("We do not recommend Internet Explorer"), not the answer.
      if (sentence.includes("not")) return;
      const found = new Set(spans.slice(from, to).flatMap((m) => stemsOf(m[0]).filter((s) => marked.has(s))));
      const score = [...found].reduce((sum, s) => sum + idf(s), 0);
      if (score > most + 1e-9) { most = score; start = from; }
    });
    const end = Math.min(spans.length, start + SNIPPET_WORDS);
    const from = spans[start].index, to = spans[end - 1].index + spans[end - 1][0].length;
    const parts = highlight(text.slice(from, to), marked);
    if (start > 0) parts.unshift({ text: "…", mark: false });
    if (end < spans.length) parts.push({ text: "…", mark: false });
    return parts;
  }

  /**
   * The entries for `query`, best first: { results, weak, payment, words }.
   * - results: [{ id, url, question, score, question_parts, snippet, matches }] (at most `limit`)
   * - weak: no result, or the best one misses half the words or more, or matches only in an answer's text
   * - payment: the query uses words of the entries beside the checkout self-check's
   * - words: the query's concepts as read ({ typed, alternatives }), for explaining a ranking
   * - market: the query is in a language of the shop's markets the site has no answers in (content/markets.yml):
   *   { language, name, note, payment }, or null
   */
  function search(query, { limit = 10 } = {}) {
    let { list, results, marked } = rank(query, false);
    // Nothing found: the closest questions, read with more typo tolerance.
    let relaxed = false;
    if (list.length && !results.length) { ({ list, results, marked } = rank(query, true)); relaxed = true; }
    const top = results[0];
    // Entries far below the best share a word or two by chance: they would only bury it.
    if (top) results = results.filter((r) => r.score >= top.score * 0.05);
    const weak = !top || relaxed || top.coverage < 0.6 || !top.strong;
    let payment = Boolean(index.selfCheck) && results.some((r) => r.strong
      && docs[r.n].entry.category === index.selfCheck.category
      && r.matches.some((m) => m.fields.some((f) => STRONG.includes(f))));
    // A query in a market's language: these answers are in another language, so the matches are at best
    // weak; its payment words still find the payment answer ("I cannot pay") first, and the self-check.
    const foreign = markets.length ? market(query) : null;
    // Its words read as typos of this language's, or an answer sharing one of its words ("no"), are
    // chance, not the closest questions.
    if (foreign) results = relaxed ? [] : results.filter((r) => r.coverage >= 0.5);
    const payingEntry = foreign && foreign.payment && index.selfCheck ? docs.findIndex((d) => d.entry.id === index.selfCheck.entry) : -1;
    if (payingEntry !== -1) {
      results = [{ n: payingEntry, score: 0, coverage: 0, matches: [] }, ...results.filter((r) => r.n !== payingEntry)];
      payment = true;
    }
    return {
      query,
      weak: weak || Boolean(foreign),
      payment,
      market: foreign && { language: foreign.language, name: foreign.name, note: foreign.note, payment: foreign.payment },
      words: list.map((c) => ({ typed: c.typed, alternatives: c.alternatives.map((a) => a.text || a.stems.join(" ")) })),
      results: results.slice(0, limit).map((r) => {
        const { entry } = docs[r.n];
        return {
          id: entry.id, url: entry.url, question: entry.question, score: Math.round(r.score * 1000) / 1000,
          coverage: r.coverage, question_parts: highlight(entry.question, marked),
          snippet: snippet(entry.answer, marked), matches: r.matches,
        };
      }),
    };
  }

  /** How many of the query's words this language knows as typed (stop words too): the query's language is the one that knows most. */
  function familiarity(query) {
    return words(query).filter((w) => (w.length > 1 && isStopWord(w)) || known.has(w) || postings.has(stem(w))
      || (compounds && decompose(w))).length;
  }


  // --- The shop's markets without a translation (content/markets.yml) ---------------------------------
  /** A market language's words as compared: lower case, accents dropped ("dónde" is "donde"), ł as l. */
  const plainWords = (text) => String(text).toLowerCase().replace(/ł/g, "l").replace(/ø/g, "o").normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const markets = Object.entries(index.markets || {}).map(([code, m]) => ({
    code, name: m.name, note: m.note,
    words: [...new Set([...m.words, ...m.payment].flatMap(plainWords))],
    payment: m.payment.map(plainWords),
  }));
  /** Whether a typed word is `word`, or one typo from it from six letters on ("tarjetta"). */
  const says = (typed, word) => typed === word || (word.length >= 6 && distance(typed, word, 1) <= 1);
  /**
   * The market language `query` is written in: the one that knows more of its words than this index's
   * language does, or null; and whether it says one of that language's payment words.
   */
  function market(query) {
    const typed = plainWords(query);
    let best = null;
    for (const m of markets) {
      const count = typed.filter((t) => m.words.some((w) => says(t, w))).length;
      if (count && (!best || count > best.count)) best = { ...m, count };
    }
    if (!best || best.count <= familiarity(query)) return null;
    const payment = best.payment.some((phrase) => phrase.every((w) => typed.some((t) => says(t, w))));
    return { language: best.code, name: best.name, note: best.note, count: best.count, payment };
  }

  /** What to offer before anything is typed or when nothing matches: the most asked questions, the categories. */
  function suggestions() {
    const byId = new Map(docs.map(({ entry }) => [entry.id, entry]));
    return {
      mostAsked: (index.mostAsked || []).filter((id) => byId.has(id))
        .map((id) => ({ id, url: byId.get(id).url, question: byId.get(id).question })),
      categories: Object.entries(index.categories || {})
        .map(([id, title]) => ({ id, title, url: (index.categoryUrls || {})[id] || `${id}/` })),
    };
  }

  return { search, suggestions, familiarity, market, language: rules.code };
}

/**
 * The engine for a query among those of the site's languages: the one whose language knows most of its
 * words, the page's own on a tie (and when none knows any), so a French query on a German page finds the
 * French answers while German ones stay first for German words.
 */
export function engineFor(engines, query, pageLanguage) {
  let best = engines.find((e) => e.language === pageLanguage) || engines[0];
  let most = best ? best.familiarity(query) : 0;
  for (const engine of engines) {
    const count = engine.familiarity(query);
    if (count > most) { best = engine; most = count; }
  }
  // A query in a market's language (content/markets.yml) that no index knows better is answered from the
  // English answers, the ones every language of the site is translated from.
  const source = engines.find((e) => e.language === "en");
  const foreign = source && source.market(query);
  return foreign && foreign.count > most ? source : best;
}
