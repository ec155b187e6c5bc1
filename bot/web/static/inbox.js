/* Live transcript on the inbox hand-over page: new lines arrive over server-sent events. */
(function () {
  "use strict";
  var box = document.getElementById("gesprek");
  var list = document.getElementById("gesprek-regels");
  if (!box || !list || !window.EventSource) return;
  var WHO = { jongere: "Gebruiker", professional: "Medewerker", bot: "Assistent" };
  var source = new window.EventSource(box.getAttribute("data-live"));
  source.addEventListener("message", function (event) {
    var data = JSON.parse(event.data);
    if (!data.text) return;
    var item = document.createElement("li");
    item.className = "line line--" + (WHO[data.sender] ? data.sender : "bot");
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = (WHO[data.sender] || WHO.bot) + ":";
    var text = document.createElement("span");
    text.className = "text";
    text.textContent = data.text;
    item.appendChild(who);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(text);
    list.appendChild(item);
    box.scrollTop = box.scrollHeight;
  });
  // A partner added a contribution: fetch this page again and swap in only its partner section
  // (no reload: the focus and what is typed in the forms stay), and say so politely.
  var samen = document.getElementById("samen");
  source.addEventListener("bijdrage", function () {
    if (!samen || !window.fetch || !window.DOMParser) return;
    window.fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new window.DOMParser().parseFromString(html, "text/html").getElementById("samen");
        if (!fresh) return;
        samen.innerHTML = fresh.innerHTML;
        var notice = document.getElementById("samen-melding");
        if (notice) notice.textContent = "Er is een nieuwe bijdrage van een partner.";
      })
      .catch(function () {});
  });
})();

/* Live list on the inbox page: when a hand-over opens, is taken or decided, the server says
   so over server-sent events and the list is fetched again; the title shows how many wait,
   and a new one is announced politely (no sound). */
(function () {
  "use strict";
  var box = document.getElementById("lijst");
  var notice = document.getElementById("lijst-melding");
  if (!box || !window.EventSource || !window.fetch) return;
  var baseTitle = document.title.replace(/^\(\d+\) /, "");
  function waitingIn(node) {
    var list = node.querySelector("[data-waiting]");
    return list ? parseInt(list.getAttribute("data-waiting"), 10) || 0 : 0;
  }
  var waiting = waitingIn(box);
  var busy = false, again = false;
  function reload() {
    if (busy) { again = true; return; }
    busy = true;
    window.fetch(box.getAttribute("data-list"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        box.innerHTML = html;
        var now = waitingIn(box);
        document.title = (now ? "(" + now + ") " : "") + baseTitle;
        if (notice && now > waiting) {
          notice.textContent = now - waiting === 1
            ? "Er is een nieuwe overdracht." : "Er zijn " + (now - waiting) + " nieuwe overdrachten.";
        }
        waiting = now;
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; reload(); }
      });
  }
  var source = new window.EventSource(box.getAttribute("data-live"));
  source.addEventListener("lijst", reload);
})();
