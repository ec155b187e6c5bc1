/*
 * Chat widget of the inclusief-advies assistant. One tag on a portal page:
 *   <script src="/chat/widget.js" defer></script>
 * Optional: an element with the attribute data-advies-chat marks where the launcher goes.
 *
 * Vanilla JS, no build step, no third-party code. Messages are rendered with textContent
 * (never as HTML). The conversation id, its token and the rendered transcript live in sessionStorage
 * only: they survive a reload in the same tab and are gone when the tab is closed.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var origin = script ? new URL(script.src, document.baseURI).origin : window.location.origin;
  var STORE_KEY = "adviesChat";
  var STATES = {
    idle: "De assistent is er voor je. Typ een bericht of kies een knop.",
    sending: "Je bericht wordt verstuurd…",
    overdracht: "Een medewerker neemt het gesprek over. Je krijgt hier antwoord.",
    opgepakt: "Een medewerker is er nu voor je.",
    assistent: "De assistent is er weer.",
    error: "Versturen lukte niet. Probeer het nog een keer."
  };
  var WHO = { bot: "Assistent", professional: "Medewerker", jongere: "Jij" };

  function load() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORE_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  var state = load();
  state.messages = state.messages || [];
  state.buttons = state.buttons || [];
  state.status = state.status || "idle";

  function save() {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* storage full or blocked: the chat still works, it just won't survive a reload */
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function stylesheet() {
    if (document.querySelector("link[data-advies-chat-css]")) return;
    var link = el("link", { rel: "stylesheet", href: origin + "/chat/widget.css" });
    link.setAttribute("data-advies-chat-css", "");
    // The log only scrolls once its styles apply: show the open question again then.
    link.addEventListener("load", function () {
      if (panel && !panel.hidden) showQuestion(false);
    });
    document.head.appendChild(link);
  }

  var root, launcher, panel, log, status, quick, form, input, send;

  function build() {
    root = el("div", { class: "advies-chat", lang: "nl" });
    launcher = el("button", {
      type: "button",
      class: "advies-chat__launcher",
      "aria-expanded": "false",
      "aria-controls": "advies-chat-panel"
    }, "Chat met de assistent");

    panel = el("section", {
      id: "advies-chat-panel",
      class: "advies-chat__panel",
      "aria-labelledby": "advies-chat-title",
      "aria-describedby": "advies-chat-wie"
    });
    panel.hidden = true;
    var head = el("div", { class: "advies-chat__head" });
    head.appendChild(el("h2", { id: "advies-chat-title", class: "advies-chat__title" },
      "Adviesassistent"));
    // AI Act art. 50(1): people must know a computer program answers, and that a person decides.
    var who = el("p", { id: "advies-chat-wie", class: "advies-chat__wie" },
      "Dit is een computerprogramma, geen mens. Een mens van school beslist. ");
    who.appendChild(el("a", { href: origin + "/hoe-werkt-het", target: "_blank", rel: "noopener" },
      "Hoe werkt deze assistent?"));
    var close = el("button", { type: "button", class: "advies-chat__close" }, "Sluiten");
    head.appendChild(close);

    log = el("div", {
      class: "advies-chat__log",
      role: "log",
      "aria-live": "polite",
      "aria-label": "Berichten",
      tabindex: "0"
    });
    status = el("p", { class: "advies-chat__status", role: "status" });
    quick = el("div", {
      class: "advies-chat__quick",
      role: "group",
      "aria-label": "Antwoordknoppen"
    });
    quick.hidden = true;

    form = el("form", { class: "advies-chat__form" });
    var label = el("label", { for: "advies-chat-input", class: "advies-chat__sr" },
      "Je bericht aan de assistent");
    input = el("input", {
      id: "advies-chat-input",
      class: "advies-chat__input",
      type: "text",
      autocomplete: "off",
      maxlength: "1000"
    });
    send = el("button", { type: "submit", class: "advies-chat__send" }, "Verstuur");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(head);
    panel.appendChild(who);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(quick);
    panel.appendChild(form);
    root.appendChild(launcher);
    root.appendChild(panel);

    var place = document.querySelector("[data-advies-chat]");
    (place || document.body).appendChild(root);

    launcher.addEventListener("click", function () {
      setOpen(panel.hidden);
    });
    close.addEventListener("click", function () {
      setOpen(false);
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        setOpen(false);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      input.value = "";
      deliver({ text: text }, text);
    });
  }

  function setOpen(open, restoring) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    root.setAttribute("data-open", open ? "true" : "false");
    state.open = open;
    save();
    if (open) {
      if (!restoring) input.focus();
      showQuestion(false);
    } else if (!restoring) {
      launcher.focus();
    }
  }

  /*
   * Scroll the log to the newest message, but never past the start of the assistant's last
   * message: with many buttons or a long question its first line stays in view.
   */
  function showQuestion(smooth) {
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var bottom = log.scrollHeight - log.clientHeight;
    var messages = log.querySelectorAll(".advies-chat__msg");
    var last = messages[messages.length - 1];
    var top = bottom;
    if (last && !last.classList.contains("advies-chat__msg--jongere")) {
      var first = last; // the first of the assistant's newest run of messages that still fits
      for (var i = messages.length - 2; i >= 0; i--) {
        var candidate = messages[i];
        if (candidate.classList.contains("advies-chat__msg--jongere")) break;
        if (last.offsetTop + last.offsetHeight - candidate.offsetTop > log.clientHeight) break;
        first = candidate;
      }
      top = Math.min(bottom, first.offsetTop - 8);
    }
    log.scrollTo({ top: Math.max(0, top), behavior: smooth && !reduce ? "smooth" : "auto" });
  }

  function scrollDown() {
    showQuestion(true);
  }

  function renderMessage(message) {
    var who = WHO[message.sender] || WHO.bot;
    var item = el("div", { class: "advies-chat__msg advies-chat__msg--" + message.sender });
    item.appendChild(el("span", { class: "advies-chat__who" }, who + ":"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", { class: "advies-chat__text" }, message.text));
    log.appendChild(item);
  }

  function addMessage(sender, text) {
    if (!text) return;
    var message = { sender: sender, text: text };
    state.messages.push(message);
    renderMessage(message);
    save();
    scrollDown();
  }

  function renderButtons() {
    quick.textContent = "";
    state.buttons.forEach(function (button) {
      var node = el("button", { type: "button", class: "advies-chat__choice" }, button.title);
      node.addEventListener("click", function () {
        deliver({ payload: button.payload, text: button.title }, button.title);
      });
      quick.appendChild(node);
    });
    quick.hidden = state.buttons.length === 0;
  }

  function setButtons(buttons) {
    var seen = {};
    state.buttons = (buttons || []).filter(function (b) {
      if (!b || !b.title || !b.payload || seen[b.payload]) return false;
      seen[b.payload] = true;
      return true;
    }).map(function (b) {
      return { title: String(b.title), payload: String(b.payload) };
    });
    renderButtons();
    save();
  }

  function setStatus(name) {
    state.status = STATES[name] ? name : "idle";
    status.textContent = STATES[state.status];
    root.setAttribute("data-state", state.status);
    save();
  }

  function showAnswer(messages) {
    var buttons = [];
    (messages || []).forEach(function (message) {
      addMessage("bot", message.text);
      buttons = buttons.concat(message.buttons || []);
    });
    setButtons(buttons);
    scrollDown(); // again: the buttons took their room under the log
  }

  /*
   * The assistant erased the conversation: forget it here too. The screen keeps only the
   * assistant's confirmation (not stored); the tab's storage holds no conversation any more.
   */
  function forget(messages) {
    if (source) {
      source.close();
      source = null;
    }
    state = { messages: [], buttons: [], status: "idle", open: true };
    log.textContent = "";
    renderButtons();
    (messages || []).forEach(function (message) {
      if (message.text) renderMessage({ sender: "bot", text: message.text });
    });
    setStatus("idle");
    showQuestion(false);
  }

  var busy = false;

  function deliver(body, shown) {
    if (busy) return;
    busy = true;
    send.disabled = true;
    addMessage("jongere", shown);
    setButtons([]);
    var previous = state.status;
    setStatus("sending");
    input.focus();
    if (state.conversationId) {
      body.conversation_id = state.conversationId;
      body.token = state.token;
    }
    window.fetch(origin + "/chat/api/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.status === 403) {
          // Not this browser's conversation (or from before tokens): start a new one.
          delete state.conversationId;
          delete state.token;
          save();
        }
        if (!response.ok) {
          var problem = new Error(data.message || "fout");
          problem.busy = response.status === 429; // "wait a moment": show the service's words
          throw problem;
        }
        return data;
      });
    }).then(function (data) {
      if (data.erased) {
        forget(data.messages);
        return;
      }
      if (!state.conversationId) {
        state.conversationId = data.conversation_id;
        state.token = data.token; // proves to the service that this browser started it
        save();
        connect();
      }
      showAnswer(data.messages);
      if (data.handover) {
        setStatus(data.handover.state);
      } else {
        setStatus(previous === "sending" || previous === "error" ? "idle" : previous);
      }
    }).catch(function (problem) {
      setStatus("error");
      if (problem && problem.busy) status.textContent = problem.message;
    }).then(function () {
      busy = false;
      send.disabled = false;
    });
  }

  var source = null;

  function connect() {
    if (source || !state.conversationId || !window.EventSource) return;
    var url = origin + "/chat/api/stream?conversation_id=" +
      encodeURIComponent(state.conversationId) + "&token=" + encodeURIComponent(state.token || "");
    if (state.lastEventId) url += "&after=" + encodeURIComponent(state.lastEventId);
    source = new window.EventSource(url);
    source.addEventListener("message", function (event) {
      remember(event);
      var data = JSON.parse(event.data);
      if (data.sender === "jongere") return; // the widget already shows what was typed
      addMessage(data.sender === "professional" ? "professional" : "bot", data.text);
      // Messages that arrive one after another (the end: closing words, the feedback question,
      // the document) each keep their buttons, as the relay accepts all of them until the
      // user answers; a new answer of the user clears them (deliver).
      if (data.sender === "bot") setButtons(state.buttons.concat(data.buttons || []));
    });
    source.addEventListener("state", function (event) {
      remember(event);
      var data = JSON.parse(event.data);
      if (data.state === "assistent") {
        setStatus("assistent");
      } else if (data.state === "opgepakt" || data.state === "overdracht") {
        setStatus(data.state);
      }
    });
  }

  function remember(event) {
    if (event.lastEventId) {
      state.lastEventId = event.lastEventId;
      save();
    }
  }

  function start() {
    stylesheet();
    build();
    if (state.messages.length === 0) {
      state.messages.push({
        sender: "bot",
        text: "Hoi! Ik ben een computerprogramma, geen mens. Ik help je zoeken naar de best " +
          "passende mbo-leerroute. Een mens van school beslist. " +
          "Typ een bericht om te beginnen, bijvoorbeeld: Hallo."
      });
    }
    state.messages.forEach(renderMessage);
    renderButtons();
    setStatus(state.status === "sending" ? "idle" : state.status);
    setOpen(!!state.open, true);
    connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
