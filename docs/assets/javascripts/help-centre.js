/*
 * The help centre's behaviour on top of Material for MkDocs:
 * - landing: a link to page#id puts that answer in view below the header, marks it, opens
 *   anything collapsed around it and moves keyboard focus to it; an id that moved or was
 *   renamed is looked up in links.json and followed;
 * - "Copy link" buttons that copy an answer's permanent go/<id>/ address;
 * - the support block's status line: "Open now — until 16:00", in Copenhagen time;
 * - "Was this helpful?" under each answer, where an endpoint is configured;
 * - where an endpoint is configured, a search that found nothing is reported once, with
 *   personal data removed, so editors learn what customers could not find.
 * The search panel itself (what a search that finds nothing shows, what is announced) is
 * the page's first-minute script's (overrides/partials/load-scripts.js), from the first
 * paint. Everything here is an enhancement: without JavaScript every answer is fully
 * readable.
 */
(function () {
  "use strict";

  var landed = null;

  /* The site's root URL, from Material's page configuration. */
  function siteRoot() {
    var element = document.getElementById("__config");
    var base = element ? JSON.parse(element.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  /* The page's polite live region (load-scripts.js). */
  function announce(message) {
    if (window.helpCentreAnnounce) window.helpCentreAnnounce(message);
  }

  var landings = 0;  /* how many times land() has run */
  function land(hash) {
    landings += 1;
    var id = decodeURIComponent((typeof hash === "string" ? hash : location.hash).slice(1));
    if (!id) return;
    var element = document.getElementById(id);
    if (!element) {
      followMovedId(id);
      return;
    }
    var target = element.closest("h1, h2, h3, h4, h5, h6") || element;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (landed && landed !== target) landed.classList.remove("hc-landed");
    target.classList.add("hc-landed");
    landed = target;
    /* On a slow phone the page's scripts come after the reader has reached for the search
       or the menu: the answer is marked (the browser has already shown it), but the search
       being typed into and the open menu stay the reader's. */
    if (readerIsElsewhere()) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
    keepInView(target);
  }

  function readerIsElsewhere() {
    var search = document.getElementById("__search"), drawer = document.getElementById("__drawer");
    var active = document.activeElement;
    return !!((search && search.checked) || (drawer && drawer.checked) ||
              (active && active.closest && active.closest(".md-search, .md-sidebar--primary")));
  }

  /* Layout that settles late, or another script scrolling to the same fragment, can move
     the answer just landed on under the header: put it back, unless the reader has moved. */
  var readerMoved = false;
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
    window.addEventListener(type, function () { readerMoved = true; }, { capture: true, passive: true });
  });

  function keepInView(target) {
    readerMoved = false;
    function check() {
      if (readerMoved || landed !== target) return;
      var header = document.querySelector(".md-header");
      var top = target.getBoundingClientRect().top;
      if (top < (header ? header.getBoundingClientRect().bottom : 0) - 1 || top > window.innerHeight - 40) {
        target.scrollIntoView({ block: "start" });
      }
    }
    [50, 250, 600].forEach(function (delay) { window.setTimeout(check, delay); });
    /* A theme script that starts late on a slow phone (Zensical's restores a scroll
       position) can move the page after those checks: for a few seconds, any scroll the
       reader did not make is checked too. */
    var until = Date.now() + 4000;
    function onScroll() {
      if (Date.now() > until || readerMoved || landed !== target) {
        window.removeEventListener("scroll", onScroll);
        return;
      }
      window.requestAnimationFrame(check);
    }
    window.addEventListener("scroll", onScroll, { passive: true });
  }

  /* An id that is not on this page: an older id, or an answer that moved. */
  function followMovedId(id) {
    var root = siteRoot();
    fetch(new URL("links.json", root).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (links) {
        var record = links[id];
        if (!record) return;
        var url = new URL(record.url, root);
        if (url.pathname === location.pathname) {
          history.replaceState(history.state, "", url.hash);
          land();
        } else {
          location.replace(url.href);
        }
      })
      .catch(function () { /* offline or blocked: the page itself is still readable */ });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(field);
      if (copied) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButtons() {
    var headings = document.querySelectorAll(".md-content .hc-answer[id]");
    Array.prototype.forEach.call(headings, function (heading) {
      var next = heading.nextElementSibling;
      var wrapper = next && next.classList.contains("hc-copy") ? next : null;
      if (wrapper && wrapper.querySelector("button")) return;
      var url = new URL("go/" + heading.id + "/", siteRoot()).href;
      var title = heading.textContent.trim();
      if (!wrapper) {
        wrapper = document.createElement("div");
        wrapper.className = "hc-copy";
        heading.insertAdjacentElement("afterend", wrapper);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hc-copy__button";
      button.setAttribute("data-hc-url", url);
      button.setAttribute("aria-label", "Copy link to “" + title + "”");
      button.textContent = "Copy link";
      button.addEventListener("click", function () {
        copyText(url).then(function () {
          button.textContent = "Link copied";
          announce("Link copied: " + url);
          window.setTimeout(function () { button.textContent = "Copy link"; }, 2500);
        }, function () {
          announce("Could not copy. The link is " + url);
        });
      });
      wrapper.appendChild(button);
    });
  }

  /* Whether the search that the reader left found nothing, when it could look
     (load-scripts.js keeps the search panel). */
  function searchFoundNothing() {
    return !!(window.helpCentreSearchFoundNothing && window.helpCentreSearchFoundNothing());
  }

  function setUpEmptySearchReports() {
    var input = document.querySelector(".md-search__input");
    if (!input || input.hasAttribute("data-hc-reported")) return;  /* once per document */
    input.setAttribute("data-hc-reported", "");
    reportEmptySearches(input);
  }

  /* -- What customers could not find ----------------------------------------------
     A search that ends with no results is sent once to the feedback endpoint: when the
     reader stops typing for two seconds, presses Enter, or leaves the search. Never one
     request per keystroke, never the same query twice from one page, never without an
     endpoint, and never with personal data: the same rules as helpcentre/privacy.py. */
  var REDACTIONS = [
    ["[email]", /[^\s@]+@[^\s@]+\.[^\s@]+/gi],
    ["[cpr]", /(?<![0-9])[0-3][0-9][.\s-]?[01][0-9][.\s-]?[0-9]{2}[\s-]?[0-9]{4}(?![0-9])/gi],
    ["[phone]", /(?<![0-9])(?:(?:\+|00)[0-9]{1,3}(?:[\s.-]?[0-9]){6,12}|[0-9]{2}([\s.-])[0-9]{2}\1[0-9]{2}\1[0-9]{2}|[0-9]{4}[\s.-][0-9]{4}|[0-9]{8})(?![0-9])/gi],
    ["[number]", /[0-9]{6,}/gi]
  ];
  var MAX_QUERY_LENGTH = 200;

  function redact(query) {
    var text = query.split(/\s+/).filter(Boolean).join(" ");
    REDACTIONS.forEach(function (rule) { text = text.replace(rule[1], rule[0]); });
    return text.slice(0, MAX_QUERY_LENGTH);
  }

  function feedbackEndpoint() {
    var meta = document.querySelector("meta[name='hc-feedback-endpoint']");
    return (meta && meta.getAttribute("content")) || "";
  }

  /* One event to the portal's endpoint: JSON, no cookie, no referrer. */
  function sendEvent(endpoint, event) {
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(event),
      credentials: "omit", referrerPolicy: "no-referrer", keepalive: true
    });
  }

  function reportEmptySearches(input) {
    var endpoint = feedbackEndpoint();
    if (!endpoint) return;
    var sent = new Set();
    var timer = null;
    function report() {
      window.clearTimeout(timer);
      timer = null;
      if (!searchFoundNothing()) return;  /* not a gap in the answers */
      var query = redact(input.value);
      if (!query || sent.has(query.toLowerCase())) return;
      sent.add(query.toLowerCase());
      sendEvent(endpoint, { type: "search", query: query, results: 0, page: location.pathname })
        .catch(function () { /* the report is a courtesy: a failure bothers nobody */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(report, 2000);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") report();
    });
    var toggle = document.getElementById("__search");
    if (toggle) toggle.addEventListener("change", function () { if (!toggle.checked) report(); });
    window.addEventListener("pagehide", report);
  }

  /* The search worker fetches nothing until it is needed. When the reader puts the cursor in
     the search box, it is told to fetch the manifest (search-worker.js), so that the
     first query has less to wait for. Material owns the worker; a channel reaches it. */
  function warmSearchOnFocus() {
    var input = document.querySelector(".md-search__input");
    if (!input || !window.BroadcastChannel || input.hasAttribute("data-hc-warm")) return;
    input.setAttribute("data-hc-warm", "");
    function warm() {
      var channel = new BroadcastChannel("help-centre-search");
      channel.postMessage("warm");
      channel.close();
    }
    if (document.activeElement === input) warm();
    else input.addEventListener("focus", warm, { once: true });
  }

  /* -- Is IT support open now? (rules in support-status.js, shared with the portal's
     help panel; loaded on first use) ---------------------------------------------- */
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
  var statusRules = null;
  var statusLines = [];  /* the lines shown, kept up to date */

  /* The lines are worked out once the page has loaded, when the browser is idle, in a
     worker (below): reading the time zone's rules is the slowest step of it, over a tenth
     of a second of a phone's main thread, and no tap or key should wait for it. */
  function showSupportStatus() {
    var lines = Array.prototype.filter.call(document.querySelectorAll("[data-support-status][data-schedule]"),
      function (line) { return statusLines.indexOf(line) < 0; });
    if (!lines.length) return;
    function later() {
      if (window.requestIdleCallback) requestIdleCallback(function () { reveal(lines); }, { timeout: 2000 });
      else setTimeout(function () { reveal(lines); }, 0);
    }
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }

  function reveal(lines) {
    lines.forEach(function (line) { if (statusLines.indexOf(line) < 0) statusLines.push(line); });
    updateSupportStatus();
  }

  /* Worked out in a worker of its own (support-status-worker.js), so that reading the
     time zone's rules keeps no tap waiting; where a module worker cannot start, here. */
  var statusWorker = null;

  function statuses(schedules) {
    var now = Date.now();
    if (statusWorker === null) {
      try {
        statusWorker = new Worker(new URL("support-status-worker.js", SCRIPT_URL).href, { type: "module" });
      } catch (error) {
        statusWorker = false;
      }
    }
    if (statusWorker) {
      return new Promise(function (resolve, reject) {
        statusWorker.onmessage = function (event) { resolve(event.data); };
        statusWorker.onerror = function (event) {
          event.preventDefault();
          statusWorker = false;
          reject(new Error("no status worker"));
        };
        statusWorker.postMessage({ now: now, schedules: schedules });
      }).catch(function () { return statusesHere(schedules, now); });
    }
    return statusesHere(schedules, now);
  }

  function statusesHere(schedules, now) {
    statusRules = statusRules || import(new URL("support-status.js", SCRIPT_URL).href);
    return statusRules.then(function (rules) {
      return schedules.map(function (schedule) {
        try {
          return rules.supportStatus(schedule, new Date(now));
        } catch (error) {
          return null;
        }
      });
    });
  }

  function updateSupportStatus() {
    statusLines = statusLines.filter(function (line) { return line.isConnected; });
    if (!statusLines.length) return;
    var lines = statusLines.slice();
    var schedules;
    try {
      schedules = lines.map(function (line) { return JSON.parse(line.getAttribute("data-schedule")); });
    } catch (error) {
      return;
    }
    statuses(schedules).then(function (found) {
      lines.forEach(function (line, i) {
        var status = found[i];
        if (!status) {
          line.hidden = true;  /* no time-zone support: the opening hours in words remain */
          return;
        }
        line.textContent = status.text;
        line.classList.toggle("hc-support__status--open", status.open);
        line.hidden = false;
      });
    }, function () { /* not loaded: the opening hours in words remain */ });
  }

  /* -- Was this helpful? ------------------------------------------------------------ */
  function setUpFeedback() {
    var endpoint = feedbackEndpoint();
    if (!endpoint) return;
    var widgets = document.querySelectorAll(".md-content .hc-feedback[data-hc-answer]");
    Array.prototype.forEach.call(widgets, function (widget) {
      if (widget.hasAttribute("data-hc-ready")) return;
      widget.setAttribute("data-hc-ready", "");
      var buttons = widget.querySelectorAll("button[data-helpful]");
      var message = widget.querySelector(".hc-feedback__message");
      var sent = false;
      Array.prototype.forEach.call(buttons, function (button) {
        button.addEventListener("click", function () {
          if (sent) return;
          sent = true;
          var helpful = button.getAttribute("data-helpful") === "yes";
          Array.prototype.forEach.call(buttons, function (other) {
            other.setAttribute("aria-pressed", other === button ? "true" : "false");
            other.setAttribute("aria-disabled", "true");
          });
          sendEvent(endpoint, { type: "feedback", id: widget.getAttribute("data-hc-answer"),
                                helpful: helpful, page: location.pathname }).then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            thank(widget, message, helpful);
          }).catch(function () {
            sent = false;
            Array.prototype.forEach.call(buttons, function (other) {
              other.removeAttribute("aria-pressed");
              other.removeAttribute("aria-disabled");
            });
            message.textContent = "Sorry, your answer could not be sent. Please try again later.";
          });
        });
      });
    });
  }

  function thank(widget, message, helpful) {
    if (helpful) {
      message.textContent = "Thank you for telling us.";
      return;
    }
    message.textContent = "Thank you for telling us. If you still need help, IT support can help you:";
    var support = document.querySelector(".md-content .hc-support");
    if (support && !widget.querySelector(".hc-feedback__support")) {
      var block = document.createElement("div");
      block.className = "hc-feedback__support";
      Array.prototype.forEach.call(support.querySelectorAll("p:not([data-support-status])"), function (line) {
        block.appendChild(line.cloneNode(true));
      });
      widget.appendChild(block);
    }
  }

  /* Each step in a task of its own: together they kept a phone's main thread busy for about
     60 ms at 4x CPU, and a tap had to wait for all of them. */
  function setUp() {
    var steps = [
      function () { if (window.helpCentreFirstMinute) window.helpCentreFirstMinute(); },  /* load-scripts.js */
      addCopyButtons, showSupportStatus, setUpFeedback, setUpEmptySearchReports, warmSearchOnFocus,
      land,
      /* For the portal and the tests: the page's behaviour is in place. */
      function () { document.documentElement.setAttribute("data-hc-ready", ""); }
    ];
    (function next() {
      steps.shift()();
      if (steps.length) window.setTimeout(next, 0);
    })();
  }

  /* Printing shows every collapsed part; they close again afterwards. */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll(".md-content details:not([open])"),
      function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  });

  window.setInterval(updateSupportStatus, 30000);  /* open and close on time in an open tab */

  if (window.document$ && typeof window.document$.subscribe === "function") {
    /* Every page, instant navigation included; after Material has set the page up, in a
       task of its own, so that neither keeps the browser busy for long. */
    window.document$.subscribe(function () { window.setTimeout(setUp, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
  window.addEventListener("hashchange", land);
  /* A link to a place on this page ("Skip to content", the contents) lands there as well
     when the address does not change: it named that place already, or the theme moved it
     without a hashchange (Zensical, whose links are written in full). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.hash.length < 2 || link.origin !== location.origin || link.pathname !== location.pathname) return;
    var before = landings;  /* where a hashchange lands first, once is enough */
    window.setTimeout(function () { if (landings === before) land(link.hash); }, 50);
  });
  window.helpCentreLand = land;  /* load-scripts.js, once the answer is back in the address */
  /* The browser scrolls to the fragment itself once the page has loaded, and if the
     fragment names an element that cannot take focus (an older id), it moves focus to
     the page: land once more after that. */
  window.addEventListener("load", function () { window.setTimeout(land, 0); });
  window.helpCentreRedact = redact;  /* for the tests: the same table as helpcentre/privacy.py */
})();
