/* pelican-prospects: the comment form becomes an e-mail whose body is a ready comment file.
   Without JavaScript the form stays hidden and the plain mailto: links do the same job. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form || !form.closest) {
    return;
  }
  var replying = form.querySelector(".comment-form-replying");
  var replyName = replying.querySelector("strong");

  function value(name) {
    return form.elements[name].value.trim();
  }

  function oneLine(text) {
    return text.replace(/[\r\n]+/g, " ");
  }

  function setReply(id, name) {
    form.elements.replyto.value = id;
    replyName.textContent = name;
    replying.hidden = !id;
  }

  form.hidden = false;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var header = ["Author: " + oneLine(value("author"))];
    if (value("website")) {
      header.push("Website: " + oneLine(value("website")));
    }
    if (value("replyto")) {
      header.push("Replyto: " + oneLine(value("replyto")));
    }
    // The sender's address is the subscriber's: `comment fetch` keeps it in the private store.
    if (form.elements.notify && form.elements.notify.checked) {
      header.push("Notify: yes");
    }
    var text = value("text").replace(/\r?\n/g, "\r\n");
    var body = header.join("\r\n") + "\r\n\r\n" + text + "\r\n";
    // "[comment:SLUG]" becomes "[comment:SLUG#ID]" for a reply: `comment fetch` reads it.
    var subject = form.getAttribute("data-subject");
    if (value("replyto")) {
      subject = subject.replace(/\]$/, "#" + value("replyto") + "]");
    }
    window.location.href = "mailto:" + form.getAttribute("data-to") +
      "?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(body);
  });

  form.querySelector(".comment-form-cancel").addEventListener("click", function () {
    setReply("", "");
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.comment-reply") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    setReply(link.getAttribute("data-reply-to"), link.getAttribute("data-reply-name"));
    form.scrollIntoView({ block: "start" });
    form.elements.author.focus();
  });
})();
