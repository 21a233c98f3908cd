/* pelican-prospects: "Why this offer?" on an offer page, after journey.js has checked the answers.
   As explain.py: the parts of the rule that decided, as text built from the owner's labels in
   the page's data; each question named links back to the questionnaire, focused on it. Only
   text nodes are written: nothing of the query becomes markup. */
(() => {
  "use strict";
  const J = window.prospectsJourney;
  if (!J) return;
  const chosen = (answers, key) => answers.get(key) || [];

  /* As explain.because: the tests that make condition c evaluate to value. */
  const because = (c, value, answers, score) => {
    const tag = c[0], items = c.slice(1);
    if (tag === "not") return because(c[1], !value, answers, score);
    if (tag !== "and" && tag !== "or") return tag === "true" ? [] : [c];
    if (value === (tag === "and")) return items.flatMap(i => because(i, value, answers, score));
    return because(items.find(i => J.holds(i, answers, score) === value), value, answers, score);
  };
  const SIGNS = { "=": "=", "!=": "\u2260", "<": "<", "<=": "\u2264", ">": ">", ">=": "\u2265" };
  /* As Python's %: "%(name)s" is a value, "%%" a percent sign. */
  const fill = (template, values) =>
    template.replace(/%\((\w+)\)s|%%/g, (m, name) => (name === undefined ? "%" : String(values[name])));

  /* As explain.explain then explain.describe: why these answers reach their offer, or null. */
  const explain = (j, answers) => {
    const score = J.scoreOf(j, answers), w = j.why;
    const index = j.rules.findIndex(r => J.holds(r.when, answers, score));
    if (!w || index < 0) return null;
    const part = (test, offer) => {
      const found = test[0] === "score" ? { score, op: test[1], threshold: test[2] }
        : { key: test[1], codes: chosen(answers, test[1]) };
      return offer ? Object.assign(found, { offer }) : found;
    };
    const rule = j.rules[index], seen = new Set(), parts = [];
    const found = rule.when[0] === "true"
      ? j.rules.slice(0, index).map(r => [because(r.when, false, answers, score), r.offer])
        .filter(([tests]) => tests.length).map(([tests, offer]) => part(tests[0], offer))
      : because(rule.when, true, answers, score).map(t => part(t, ""));
    for (const p of found) {
      const id = JSON.stringify([p.key, p.codes, p.op, p.threshold, p.offer]);
      if (!seen.has(id)) { seen.add(id); parts.push(p); }
    }
    const words = w.phrases, title = key => w.questions[key].title;
    const text = p => {
      let line = p.key === undefined
        ? fill(words.score, { reached: p.score, op: SIGNS[p.op], threshold: p.threshold })
        : fill(p.codes.length ? words.answer : words.unanswered, {
          answer: p.codes.map(c => w.questions[p.key].options[c]).join(words.joiner),
          question: title(p.key)
        });
      if (p.offer) line = fill(words.turned, { offer: w.offers[p.offer], reason: line });
      return line;
    };
    const lines = parts.map(text), custom = w.sentences[index];
    return {
      rule: index, custom: Boolean(custom),
      sentence: custom || lines.join(words.separator) || words.default,
      parts: parts.map((p, n) => Object.assign(p, { text: lines[n] })),
      links: [...new Set(parts.filter(p => p.key !== undefined).map(p => p.key))]
        .map(key => ({ key, text: fill(words.change, { question: title(key) }) }))
    };
  };

  /* Fill the "Why this offer?" box with text nodes only: the owner's words, the answers' links. */
  const showWhy = (j, answers) => {
    const box = document.querySelector(".prospects-why");
    const why = box && explain(j, answers);
    if (!why) return;
    const link = key => {
      const a = document.createElement("a");
      a.href = J.address(j.form, j, answers) + "#prospects-" + encodeURIComponent(key);
      a.textContent = why.links.find(l => l.key === key).text;
      return a;
    };
    const list = document.createElement("ul");
    if (why.custom || !why.parts.length) {
      const p = document.createElement("p");
      p.textContent = why.sentence;
      box.appendChild(p);
    }
    for (const part of why.custom ? why.links : why.parts) {
      const item = document.createElement("li");
      if (!why.custom) item.append(part.text);
      if (part.key !== undefined) item.append(why.custom ? "" : " ", link(part.key));
      list.appendChild(item);
    }
    if (list.children.length) box.appendChild(list);
    box.hidden = false;
  };

  window.prospectsWhy = { explain };
  const reached = J.reached();
  if (reached && reached.j) showWhy(reached.j, reached.answers);
})();
