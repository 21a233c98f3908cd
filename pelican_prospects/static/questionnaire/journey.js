/* pelican-prospects: run a questionnaire's routing, compiled at build time, in the browser.
   The query is read, never written into the page: addresses come from the page's data;
   answers only tick boxes or reveal labels written at build time. Only attribution values
   (utm_*, ref) go from the query into an address, as sent, once checked (attributionText). */
(() => {
  "use strict";
  const FLAG = "#prospects.notice";
  /* As attribution.py: keys carried along with the answers, never routed, never stale. */
  const ATTRIBUTION = [
    "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "ref"];
  const SHAPE = /^(?:[A-Za-z0-9._~!'()*,:@\/+-]|%[0-9A-Fa-f]{2})+$/;
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  const COMPARE = {
    "=": (a, b) => a === b, "!=": (a, b) => a !== b, "<": (a, b) => a < b,
    "<=": (a, b) => a <= b, ">": (a, b) => a > b, ">=": (a, b) => a >= b
  };
  const holder = document.getElementById("prospects.journey");
  const siteurl = holder ? holder.dataset.siteurl : "";
  const chosen = (answers, key) => answers.get(key) || [];
  const inOrder = (q, codes) => q.options.map(o => o.code).filter(c => codes.includes(c));

  const unplus = text => {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (error) { return null; }
  };

  /* As attribution.text: the text of a value as sent, or null when it is malformed. */
  const attributionText = raw => {
    const text = SHAPE.test(raw) ? unplus(raw) : null;
    return text !== null && [...text].length <= 100 && !CONTROL.test(text) ? text : null;
  };
  /* The item of `items` named `name` now (`own`) or formerly (`was`). */
  const named = (items, own, name) => items.find(item => own(item) === name
    || (item.was || []).includes(name));

  /* As codec.decode: the answers that fit, whether any did not, whether one is missing, and
     the valid attribution values as sent (a key given twice is dropped). */
  const decode = (j, search) => {
    const given = new Map(), answers = new Map(), carried = new Map(), attribution = new Map();
    let dropped = false, missing = false;
    for (const part of search.replace(/^\?/, "").split("&")) {
      if (!part) continue;
      const at = part.indexOf("=");
      const key = unplus(at < 0 ? part : part.slice(0, at));
      const raw = at < 0 ? "" : part.slice(at + 1);
      const q = named(j.questions, q => q.key, key);
      if (!q) {
        /* Its first value and, if any, its last: a key given twice is dropped, at any count. */
        if (ATTRIBUTION.includes(key)) carried.set(key, [...(carried.get(key) || []).slice(0, 1), raw]);
        else dropped = true;
        continue;
      }
      const code = unplus(raw), option = named(q.options, o => o.code, code);
      /* A Set: a key repeated thousands of times in a long address costs linear time. */
      given.set(q.key, (given.get(q.key) || new Set()).add(option ? option.code : code));
    }
    for (const key of ATTRIBUTION) {
      const [raw, more] = carried.get(key) || [];
      if (raw !== undefined && more === undefined && attributionText(raw) !== null) {
        attribution.set(key, raw);
      }
    }
    for (const q of j.questions) {
      const codes = [...(given.get(q.key) || [])];
      let valid = inOrder(q, codes);
      if (valid.length < codes.length) dropped = true;
      if (valid.length > 1 && !q.multiple) { dropped = true; valid = []; }
      if (valid.length) answers.set(q.key, valid);
      else if (q.required) missing = true;
    }
    return { answers, dropped, missing, attribution };
  };

  /* The canonical query: answers, then the attribution values as sent. */
  const encode = (j, answers, attribution) => [
    ...j.questions.flatMap(q => inOrder(q, chosen(answers, q.key))
      .map(c => encodeURIComponent(q.key) + "=" + encodeURIComponent(c))),
    ...ATTRIBUTION.filter(key => attribution && attribution.has(key))
      .map(key => key + "=" + attribution.get(key))
  ].join("&");

  const holds = (c, answers, score) => {
    const [tag, a, b] = c;
    if (tag === "score") return COMPARE[a](score, b);
    if (tag === "in") return chosen(answers, a).some(code => b.includes(code));
    if (tag === "has") return chosen(answers, a).includes(b);
    if (tag === "not") return !holds(a, answers, score);
    if (tag === "and") return c.slice(1).every(item => holds(item, answers, score));
    if (tag === "or") return c.slice(1).some(item => holds(item, answers, score));
    return tag === "true";
  };

  const scoreOf = (j, answers) => {
    let score = 0;
    for (const q of j.questions) {
      for (const o of q.options) if (chosen(answers, q.key).includes(o.code)) score += o.score;
    }
    return score;
  };

  /* As evaluate.first_rule: the offer slug of the first rule that holds, or null. */
  const route = (j, answers) => {
    const score = scoreOf(j, answers);
    const rule = j.rules.find(r => holds(r.when, answers, score));
    return rule ? rule.offer : null;
  };

  const address = (url, j, answers, attribution) => {
    const query = encode(j, answers, attribution);
    return siteurl + "/" + url + (query ? "?" + query : "");
  };
  const fits = decoded => !decoded.dropped && !decoded.missing;
  /* Back to the questionnaire with what fits, flagged as a stale link. */
  const back = (j, decoded) => location.replace(
    address(j.form, j, decoded.answers, decoded.attribution) + FLAG);
  const texts = attribution => new Map([...attribution]
    .map(([key, raw]) => [key, attributionText(raw)]));

  /* A link ending in #prospects-KEY focuses that question, once the browser's own jump is done. */
  const focusAsked = (j, inputs) => {
    const q = j.questions.find(q => location.hash === "#prospects-" + encodeURIComponent(q.key));
    const own = inputs.filter(i => q && i.name === q.key), box = own.find(i => i.checked) || own[0];
    if (box) addEventListener("load", () => box.focus());
  };

  const questionnairePage = j => {
    const form = document.querySelector("form.prospects-questionnaire");
    if (!form) return;
    const inputs = [...form.querySelectorAll("input[name]")];
    const meter = form.querySelector(".prospects-progress");
    const notice = document.getElementById("prospects.notice");
    const read = () => new Map(j.questions.map(q => [q.key, inOrder(q, inputs
      .filter(i => i.name === q.key && i.checked).map(i => i.value))]).filter(([, v]) => v.length));
    const mark = (q, wrong) => {
      const error = document.getElementById(`prospects-${q.key}.error`);
      if (error) error.hidden = !wrong;
      for (const i of inputs) if (i.name === q.key) i.setAttribute("aria-invalid", wrong);
    };
    const progress = () => {
      const answers = read();
      if (meter) {
        meter.querySelector(".prospects-done").textContent = answers.size;
        meter.querySelector("progress").value = answers.size;
        meter.hidden = false;
      }
      for (const q of j.questions) if (answers.has(q.key)) mark(q, false);
    };
    const flagged = location.hash === FLAG;
    let attribution = new Map();
    if (location.search || flagged) {
      const decoded = decode(j, location.search);
      attribution = decoded.attribution;
      for (const i of inputs) i.checked = chosen(decoded.answers, i.name).includes(i.value);
      const query = encode(j, decoded.answers, attribution);
      const hash = flagged ? "" : location.hash;
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + hash);
      if (notice && (decoded.dropped || flagged)) {
        notice.hidden = false;
        notice.focus();
      }
    }
    form.noValidate = true;
    focusAsked(j, inputs);
    progress();
    form.addEventListener("change", progress);
    form.addEventListener("submit", event => {
      const answers = read();
      const unanswered = j.questions.filter(q => q.required && !answers.has(q.key));
      for (const q of j.questions) mark(q, unanswered.includes(q));
      if (unanswered.length) {
        event.preventDefault();
        inputs.find(i => i.name === unanswered[0].key).focus();
        return;
      }
      const offer = j.offers[route(j, answers)];
      if (!offer) return; /* the route page lists every offer */
      event.preventDefault();
      location.assign(address(offer.url, j, answers, attribution));
    });
  };

  const routePage = j => {
    if (!location.search) return;
    const decoded = decode(j, location.search);
    const offer = fits(decoded) && j.offers[route(j, decoded.answers)];
    if (offer) location.replace(address(offer.url, j, decoded.answers, decoded.attribution));
    else back(j, decoded);
  };

  let reached = null;
  const offerPage = ({ here, journeys }) => {
    if (!location.search) return;
    const alone = decode({ questions: [] }, location.search);
    if (!alone.dropped) { /* nothing but attribution: the page stays, without what is malformed */
      const query = encode({ questions: [] }, new Map(), alone.attribution);
      history.replaceState(null, "",
        location.pathname + (query ? "?" + query : "") + location.hash);
      const link = location.href.split(/[?#]/)[0];
      reached = { j: null, answers: new Map(), groups: [], link, attribution: texts(alone.attribution) };
      return;
    }
    if (!journeys.length) return;
    const decoded = journeys.map(j => decode(j, location.search));
    const at = decoded.findIndex((d, n) => fits(d) && route(journeys[n], d.answers) === here);
    /* Answers that fit and now lead to another offer (an edited routing) go on to it. */
    const moved = decoded.findIndex((d, n) => fits(d)
      && journeys[n].offers[route(journeys[n], d.answers)]);
    if (at < 0 && moved >= 0) {
      const j = journeys[moved], d = decoded[moved];
      location.replace(address(j.offers[route(j, d.answers)].url, j, d.answers, d.attribution));
      return;
    }
    if (at < 0) {
      const sizes = decoded.map(d => d.answers.size);
      const best = sizes.indexOf(Math.max(...sizes));
      back(journeys[best], decoded[best]);
      return;
    }
    const j = journeys[at], answers = decoded[at].answers;
    const box = document.querySelectorAll(".prospects-journey")[at];
    if (!box) return;
    const groups = []; /* each question answered, with the labels of its answers */
    for (const group of box.querySelectorAll("[data-key]")) {
      const codes = chosen(answers, group.dataset.key), labels = [];
      group.hidden = !codes.length;
      for (const item of group.querySelectorAll("[data-code]")) {
        item.hidden = !codes.includes(item.dataset.code);
        if (!item.hidden) labels.push(item.textContent.trim());
      }
      const question = group.querySelector("dt").textContent.trim();
      if (labels.length) groups.push({ key: group.dataset.key, question, labels });
    }
    box.hidden = box.parentNode.hidden = false;
    const attribution = decoded[at].attribution, query = encode(j, answers, attribution);
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    /* The way back to this offer in the e-mail: the answers, without the campaign keys. */
    const link = location.href.split(/[?#]/)[0] + "?" + encode(j, answers);
    reached = { j, answers, groups, link, attribution: texts(attribution) }; /* for why.js and handoff.js */
    for (const link of box.querySelectorAll(".prospects-change")) {
      link.href = address(j.form, j, answers, attribution);
    }
  };

  window.prospectsJourney = { decode, encode, route, holds, scoreOf, address, reached: () => reached };
  for (const button of document.querySelectorAll(".prospects-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  if (!holder) return;
  let data;
  try { data = JSON.parse(holder.textContent); } catch (error) { return; }
  const page = holder.dataset.page;
  if (page === "questionnaire") questionnairePage(data.journeys[0]);
  else if (page === "route") routePage(data.journeys[0]);
  else if (page === "offer") offerPage(data);
})();
