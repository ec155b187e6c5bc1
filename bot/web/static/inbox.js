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
})();
