/* pelican-prospects: a proposal's slides one at a time, by the arrow keys or the buttons; all of
   them when printed, one per page. Without this script the slides simply follow each other. */
(() => {
  "use strict";
  for (const deck of document.querySelectorAll(".prospects-deck")) {
    const slides = [...deck.querySelectorAll(".prospects-slide")];
    const nav = deck.querySelector(".prospects-slide-nav");
    if (slides.length < 2 || !nav) continue;
    const previous = nav.querySelector(".prospects-previous");
    const next = nav.querySelector(".prospects-next");
    const position = nav.querySelector(".prospects-position");
    let at = Math.max(0, slides.findIndex(s => "#" + s.id === location.hash));
    const show = (n, remember) => {
      at = Math.min(Math.max(n, 0), slides.length - 1);
      slides.forEach((s, k) => { s.hidden = k !== at; });
      previous.disabled = at === 0;
      next.disabled = at === slides.length - 1;
      /* A button that becomes disabled loses the focus: give it to the other one. */
      if (document.activeElement === previous && previous.disabled) next.focus();
      if (document.activeElement === next && next.disabled) previous.focus();
      position.textContent = slides[at].getAttribute("aria-label");
      if (remember) history.replaceState(null, "", "#" + slides[at].id);
    };
    for (const s of slides.slice(0, -1)) s.style.breakAfter = "page";
    nav.hidden = false;
    show(at, false);
    previous.addEventListener("click", () => show(at - 1, true));
    next.addEventListener("click", () => show(at + 1, true));
    document.addEventListener("keydown", event => {
      const target = event.target;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
      const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (!step) return;
      event.preventDefault();
      show(at + step, true);
    });
    addEventListener("beforeprint", () => slides.forEach(s => { s.hidden = false; }));
    addEventListener("afterprint", () => show(at, false));
  }
})();
