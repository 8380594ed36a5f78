// The phone page: reads the room's state, draws the ballot or the idea box, sends forms.
// User text only ever goes in with textContent, never parsed as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let state = null;
  let draft = {}; // idea id -> dots, this phone's ballot being filled in
  let editing = false; // a counted ballot reopened on this phone
  let sending = false;

  function say(message, kind) {
    const status = $("status");
    status.textContent = message || "";
    status.className = "status" + (kind ? " " + kind : "");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function used() {
    return Object.values(draft).reduce((a, b) => a + b, 0);
  }

  async function load() {
    let response;
    try {
      response = await fetch("/api/state", { credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      say("The laptop cannot be reached. Check you are on the room's Wi-Fi.", "error");
      return;
    }
    const data = await response.json().catch(() => ({ error: "The laptop sent an answer this page cannot read." }));
    if (!response.ok) {
      showNotice(data.error || "This page cannot join the room.");
      return;
    }
    state = data;
    render();
  }

  function showNotice(text) {
    $("ballot").hidden = true;
    $("idea").hidden = true;
    const notice = $("notice");
    notice.textContent = text;
    notice.hidden = false;
  }

  function render() {
    $("title").textContent = state.title || "Facilitator";
    $("question").textContent = state.question || (state.mode === "vote" ? "Place your dots" : "Your ideas");
    for (const form of [$("ballot"), $("idea")]) form.elements.csrf.value = state.csrf;
    if (!state.open) {
      showNotice(state.voted ? state.why + " Your ballot was counted." : state.why);
      return;
    }
    $("notice").hidden = true;
    if (state.mode === "vote") renderBallot();
    else renderIdea();
  }

  // ---- the ballot ----------------------------------------------------------------------

  function renderBallot() {
    $("idea").hidden = true;
    if (state.voted && !state.revisable) {
      showNotice("Your ballot is counted. It can no longer be changed.");
      return;
    }
    if (state.voted && !editing) {
      $("ballot").hidden = true;
      const notice = $("notice");
      notice.hidden = false;
      notice.textContent = "Your ballot is counted. You can change it until the results are revealed.";
      let change = $("change");
      if (!change) {
        change = document.createElement("button");
        change.id = "change";
        change.type = "button";
        change.className = "primary";
        change.textContent = "Change my ballot";
        change.addEventListener("click", () => {
          editing = true;
          draft = { ...state.mine }; // keys are idea ids as text
          change.remove();
          render();
        });
        $("notice").after(change);
      }
      return;
    }
    const ids = new Set(state.cards.map((c) => c.id));
    for (const key of Object.keys(draft)) if (!ids.has(key)) delete draft[key]; // ids are text
    while (used() > state.budget) {
      const key = Object.keys(draft).find((k) => draft[k] > 0);
      draft[key] -= 1;
    }
    const list = $("cards");
    list.replaceChildren();
    for (const card of state.cards) list.append(cardItem(card));
    $("rule").textContent =
      "You have " + plural(state.budget, "dot", "dots") + ". At most " + plural(state.cap, "dot", "dots") +
      " on one card. Nobody sees how you voted.";
    $("send").textContent = state.voted ? "Send my changed ballot" : "Send my ballot";
    $("ballot").hidden = false;
    update();
  }

  function cardItem(card) {
    const item = document.createElement("li");
    item.className = "card";
    item.dataset.id = card.id;
    const text = document.createElement("p");
    text.className = "text";
    text.id = "card-" + card.id;
    text.textContent = card.text;
    item.append(text);
    if (card.theme) {
      const theme = document.createElement("p");
      theme.className = "theme";
      theme.textContent = card.theme;
      item.append(theme);
    }
    const controls = document.createElement("div");
    controls.className = "controls";
    const minus = button("−", "Take a dot off", card.id, -1);
    const plus = button("+", "Place a dot on", card.id, +1);
    const count = document.createElement("span");
    count.className = "count";
    count.setAttribute("aria-live", "polite");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "dot-" + card.id;
    controls.append(minus, count, plus, input);
    item.append(controls);
    return item;
  }

  function button(symbol, label, id, step) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = symbol;
    b.className = step > 0 ? "plus" : "minus";
    b.setAttribute("aria-describedby", "card-" + id);
    b.setAttribute("aria-label", label);
    b.addEventListener("click", () => {
      const now = draft[id] || 0;
      if (step > 0 && (now >= state.cap || used() >= state.budget)) return;
      if (step < 0 && now <= 0) return;
      draft[id] = now + step;
      if (!draft[id]) delete draft[id];
      say("");
      update();
    });
    return b;
  }

  function update() {
    const left = state.budget - used();
    $("left").textContent = left === 0 ? "All your dots are placed" : plural(left, "dot", "dots") + " left";
    for (const item of $("cards").children) {
      const id = item.dataset.id;
      const n = draft[id] || 0;
      const count = item.querySelector(".count");
      count.replaceChildren();
      const dots = document.createElement("span");
      dots.className = "dots";
      dots.setAttribute("aria-hidden", "true");
      dots.textContent = "●".repeat(n) + "○".repeat(Math.max(state.cap - n, 0));
      const words = document.createElement("span");
      words.className = "visually";
      words.textContent = " " + plural(n, "dot", "dots");
      count.append(dots, words);
      item.querySelector("input").value = String(n);
      item.querySelector(".plus").disabled = n >= state.cap || left <= 0;
      item.querySelector(".minus").disabled = n <= 0;
    }
    $("send").disabled = sending;
  }

  // ---- the idea box ----------------------------------------------------------------------

  function renderIdea() {
    $("ballot").hidden = true;
    const form = $("idea");
    form.elements.text.maxLength = state.max_idea;
    form.hidden = false;
    $("chars").textContent = state.sent
      ? "You have sent " + plural(state.sent, "card", "cards") + ". You can send another."
      : "One idea per card. You can send several.";
  }

  // ---- sending ---------------------------------------------------------------------------

  async function send(form, url) {
    if (sending) return;
    sending = true;
    form.querySelector("button[type=submit]").disabled = true;
    say("Sending…");
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)),
      });
      const data = await response.json().catch(() => ({ error: "The laptop sent an answer this page cannot read." }));
      if (response.ok) {
        say(data.message, "ok");
        return true;
      }
      say(data.error || "That was not accepted.", "error");
    } catch (e) {
      say("The laptop cannot be reached. Check you are on the room's Wi-Fi, then try again.", "error");
    } finally {
      sending = false;
      form.querySelector("button[type=submit]").disabled = false;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("ballot").addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await send($("ballot"), "/api/ballot")) {
        editing = false;
        await load();
      }
    });
    $("idea").addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await send($("idea"), "/api/idea")) {
        $("text").value = "";
        await load();
        $("text").focus();
      }
    });
    load();
    if (window.EventSource) {
      const events = new EventSource("/api/events");
      let seen = null;
      events.onmessage = (event) => {
        if (seen !== null && event.data !== seen) load();
        seen = event.data;
      };
      events.addEventListener("closed", () => {
        events.close();
        showNotice("The room is closed. Thank you for taking part.");
      });
    }
  });
})();
