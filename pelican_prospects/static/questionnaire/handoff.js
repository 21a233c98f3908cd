/* pelican-prospects: the prospect's handoff on an offer page, after journey.js has read the answers.
   What the prospect types is kept in no cookie, no storage and no address of the site: it only
   goes, encoded, into the href of the mailto: and booking links (kept current while they type)
   and, as text, into the copy panel. Every label comes from the page, written at build time. */
(() => {
  "use strict";
  const form = document.querySelector("form.prospects-handoff");
  if (!form) return;
  const J = window.prospectsJourney;
  const reached = (J && J.reached()) || null;
  const groups = (reached && reached.groups) || [];
  const attribution = (reached && reached.attribution) || new Map();
  const back = reached ? reached.link : location.href.split(/[?#]/)[0];
  const FIELDS = ["name", "email", "company", "message"];
  const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"];
  const LONGEST = 2000; /* some mail clients cut mailto: addresses past about 2,000 characters */
  const SUMMARY = 500, IN_SUBJECT = 100;
  const mail = form.querySelector("a.prospects-mailto");
  const booking = form.querySelector("a.prospects-booking");
  const panel = form.querySelector(".prospects-copy");
  const field = name => FIELDS.includes(name) ? form.querySelector(`[name="${name}"]`) : null;
  const value = name => (field(name) ? field(name).value.trim() : "");
  /* No line break nor control character: a subject or a parameter is one line of text. */
  const oneLine = text => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  /* In the subject, no bidirectional control (it could show the marker reversed) and no square
     bracket: a typed `[comment:SLUG]` would make `comment fetch` take the request for a comment. */
  const plainLine = text => oneLine(text).replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\[/g, "(").replace(/\]/g, ")");
  /* At most `most` characters (whole ones: an emoji is not split) and `encoded` once in a URL. */
  const cut = (text, most, encoded = Infinity) => {
    const chars = [...text], kept = chars.slice(0, chars.length > most ? most - 1 : most);
    while (kept.length && encodeURIComponent(kept.join("")).length > encoded) kept.pop();
    return kept.length < chars.length ? kept.join("") + "\u2026" : text;
  };

  const subject = (named = true) => {
    const name = named ? cut(plainLine(value("name")), IN_SUBJECT, IN_SUBJECT * 3) : "";
    const company = named ? cut(plainLine(value("company")), IN_SUBJECT, IN_SUBJECT * 3) : "";
    const who = name && company ? `${name} (${company})` : name || company;
    return oneLine(form.dataset.subject + (who ? " \u2014 " + who : "")) + form.dataset.marker;
  };

  /* The whole message: the intro, the answers, what was typed, the attribution, the way back. */
  const lines = () => {
    const out = [form.dataset.intro];
    for (const g of groups) out.push("", g.question, ...g.labels.map(label => "- " + label));
    const typed = FIELDS.filter(n => n !== "message" && value(n));
    if (typed.length) out.push("", ...typed.map(n => field(n).dataset.label + " " + oneLine(value(n))));
    if (value("message")) out.push("", field("message").dataset.label, ...value("message").split(/\r\n|\r|\n/));
    const known = [...attribution].filter(([, v]) => typeof v === "string" && v);
    if (known.length) out.push("", form.dataset.attribution, ...known.map(([k, v]) => `${k}: ${oneLine(v)}`));
    out.push("", back);
    return out;
  };

  const mailto = (subj, body) => mail.getAttribute("href").split("?")[0]
    + "?subject=" + encodeURIComponent(subj) + "&body=" + encodeURIComponent(body);

  /* The link's address, cut at a line when too long for some mail clients, saying so. */
  const compose = () => {
    const subj = subject(), all = lines(), whole = all.join("\r\n");
    let href = mailto(subj, whole);
    if (href.length > LONGEST) {
      const tail = ["", `[${form.dataset.shortened}]`, "", back], kept = [];
      /* A subject too long for even the shortest body loses the name (the body still has it). */
      const short = mailto(subj, tail.join("\r\n")).length > LONGEST ? subject(false) : subj;
      for (const line of all) {
        if (mailto(short, [...kept, line, ...tail].join("\r\n")).length > LONGEST) break;
        kept.push(line);
      }
      href = mailto(short, [...kept, ...tail].join("\r\n"));
    }
    return { subj, whole, href };
  };

  /* One line for a booking page's notes: each question answered and its answers. */
  const summary = () => cut(groups.map(g => `${g.question} ${g.labels.join(", ")}`).join(" ; "), SUMMARY);
  const answerOf = key => {
    const g = groups.find(item => item.key === key);
    return g ? g.labels.join(", ") : "";
  };

  /* The owner's parameters kept as written, but for those the prospect's values replace. */
  const withParams = (url, params) => {
    const at = url.indexOf("#"), hash = at < 0 ? "" : url.slice(at), bare = at < 0 ? url : url.slice(0, at);
    const q = bare.indexOf("?"), path = q < 0 ? bare : bare.slice(0, q);
    const given = params.filter(([, v]) => v), names = given.map(([k]) => k);
    const own = q < 0 ? [] : bare.slice(q + 1).split("&").filter(p => p && !names.includes(p.split("=")[0]));
    const query = [...own, ...given.map(([k, v]) => k + "=" + encodeURIComponent(v))].join("&");
    return path + (query ? "?" + query : "") + hash;
  };

  /* A value of "." or ".." in a placeholder of the path must not climb it: left out, as browsers
     read "%2E" as a dot there (booking.py does the same). */
  const segment = encoded => (/^\.{1,2}$/.test(encoded) ? "" : encoded);

  const booked = () => {
    const service = booking.dataset.service, template = booking.dataset.template;
    const values = new Map([["name", oneLine(value("name"))], ["email", oneLine(value("email"))],
      ["company", oneLine(value("company"))], ["message", value("message")],
      ["answers", summary()], ["offer", form.dataset.offer]]);
    if (service === "placeholders") {
      return template.replace(/\{([^{}]*)\}/g, (m, key) => segment(encodeURIComponent(
        key.startsWith("answer:") ? answerOf(key.slice(7)) : values.get(key) || "")));
    }
    if (service !== "calendly" && service !== "calcom") return template;
    const notes = service === "calendly" ? "a1" : "notes";
    return withParams(template, [["name", values.get("name")], ["email", values.get("email")],
      [notes, summary()], ...UTM.map(k => [k, oneLine(attribution.get(k) || "")])]);
  };

  let composed = null;
  const refresh = () => {
    if (mail) {
      composed = compose();
      mail.href = composed.href;
      if (!panel.hidden) fillPanel();
    }
    if (booking) booking.href = booked();
  };
  const fillPanel = () => {
    panel.querySelector(".prospects-copy-subject").value = composed.subj;
    panel.querySelector(".prospects-copy-body").value = composed.whole;
  };

  /* Our own messages, in the site's language, instead of the browser's. */
  const mark = input => {
    const error = document.getElementById(input.id + ".error");
    const missing = input.required && !input.value.trim(), wrong = input.validity.typeMismatch;
    const bad = missing || wrong;
    error.textContent = wrong && !missing ? error.dataset.invalid : error.dataset.missing;
    error.hidden = !bad;
    input.setAttribute("aria-invalid", bad);
    if (bad) input.setAttribute("aria-describedby", error.id);
    else input.removeAttribute("aria-describedby");
    return !bad;
  };
  const inputs = FIELDS.map(field).filter(Boolean);
  const valid = () => {
    const wrong = inputs.filter(input => !mark(input));
    if (wrong.length) wrong[0].focus();
    return !wrong.length;
  };

  form.noValidate = true;
  form.addEventListener("input", event => {
    if (event.target.getAttribute("aria-invalid") === "true") mark(event.target);
    refresh();
  });
  form.addEventListener("submit", event => {
    event.preventDefault();
    if (mail) mail.click();
  });
  if (mail) {
    for (const button of form.querySelectorAll(".prospects-send-form")) button.hidden = true;
    mail.hidden = false;
    mail.addEventListener("click", event => {
      refresh();
      if (!valid()) {
        event.preventDefault();
        return;
      }
      fillPanel();
      panel.hidden = false; /* for a prospect whose browser opens no mail client */
    });
    const copy = panel.querySelector(".prospects-copy-button");
    const status = panel.querySelector(".prospects-copied");
    const box = panel.querySelector(".prospects-copy-body");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(box.value);
        status.textContent = status.dataset.done;
      } catch (error) {
        box.focus();
        box.select();
        let done = false;
        try { done = document.execCommand("copy"); } catch (ignored) { done = false; }
        status.textContent = done ? status.dataset.done : status.dataset.failed;
      }
    });
  }
  refresh();
})();
