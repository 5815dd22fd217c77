/*
 * The page's first minute: what works before Material's bundle, and when the bundle loads.
 *
 * Loading. Material's bundle and our script are kept in a <template> so that this script
 * starts them. They are asked for from the first paint (the browser holds such scripts
 * until then anyway) and run in order once both are in, as bare Material's deferred
 * bundle does, unless the reader is using the search: their start then waits until the
 * reader pauses (below). Material starts on DOMContentLoaded: if the page has passed it
 * by then, the event is sent again for it.
 * Tried and measured on the slow profile (make bench-web), and left out:
 * - running the bundle only after the largest paint: a few Lighthouse points, and a reader
 *   who tapped the search at the first paint waited a second or more for results;
 * - low-priority preloads of both scripts at the top of the head: they shared the slow
 *   connection with the stylesheets, so the page painted about 0.2 s later; the bundle,
 *   in before that paint, then ran straight after it, and the reader's first tap waited
 *   about 0.8 s for the page to answer. Without them, in the same runs, the first tap was
 *   taken 0.56-0.73 s sooner and results came 0.12-0.44 s sooner.
 *
 * Before the bundle has run, the header's search and menu work on their own (the
 * stylesheet shows them wherever scripts run): a tap on the search opens it with the
 * cursor in the box, what is typed is answered by the help centre's search worker and
 * drawn as Material draws it (its bundle takes over once it has run), the keys Material
 * gives the search work, Escape closes it. And at every width from then on:
 * - the menu and search buttons in the header are real buttons, reached by Tab, that say
 *   whether what they open is open;
 * - whatever is closed (the menu drawer at phone widths, the search panel) is inert: out of
 *   the tab order and out of the accessibility tree;
 * - Escape closes the search or the menu and puts focus back on what opened it, never on
 *   the page itself;
 * - a search that finds nothing shows the support contact, and what a search found is
 *   said once, when the reader pauses.
 *
 * All of that is set up just after the first paint, not before it: run while the page was
 * being parsed, it held the first paint back (24-92 ms at 4x CPU, README). The
 * search button works without it (its label opens the search), so a tap in that first
 * frame still opens the search, and the set-up then puts the cursor in the box.
 */
(function () {
  "use strict";
  var template = document.getElementById("hc-scripts");
  if (!template || window.__hcScriptsLoading) return;
  window.__hcScriptsLoading = true;

  var scriptsFailed = false;  /* one of them did not arrive: the search cannot start */
  var whenScriptsFail = function () {};  /* the set-up below says so in the search */
  /* Fetched from the first contentful paint (below), run later: each is asked for as a
     preload, at the priority the script itself would have had (which the browser holds
     back until the first paint anyway), and run once both are in and the reader is not
     typing. */
  var scripts = template.content.querySelectorAll("script[src]");
  var fetching = scripts.length;
  function fetchScripts() {
    Array.prototype.forEach.call(scripts, function (original) {
      var link = document.createElement("link");
      link.rel = "preload";
      link.as = "script";
      link.fetchPriority = "low";
      /* in full: Material, starting, writes every relative address in the page out in
         full, and a preload whose address changes is fetched again */
      link.href = new URL(original.getAttribute("src"), location.href).href;
      link.onload = link.onerror = function () {
        fetching -= 1;
        if (fetching === 0) runWhenFree();
      };
      document.head.appendChild(link);
    });
  }

  /* The bundle's start takes the main thread for 0.2 s and more on a slow phone: run while
     the reader types, it held their keys and the early search's results back. It waits
     while the early search (below) is in use: a key pressed in the last PAUSE_MS, an
     answer still to come, focus on one of its results, or focus left in the box after
     the reader closed the search (Material, starting, would open it again). */
  var PAUSE_MS = 700;
  var WAIT_MS = 5000;  /* an answer later than this no longer holds the bundle back */
  var earlySearchBusy = function () { return false; };
  var ran = false;
  function runWhenFree() {
    if (ran) return;
    if (earlySearchBusy()) { setTimeout(runWhenFree, 100); return; }
    ran = true;
    run();
  }
  function run() {
    var pending = scripts.length;
    Array.prototype.forEach.call(scripts, function (original) {
      var script = document.createElement("script");
      script.src = original.getAttribute("src");
      script.async = false;  /* in order: the bundle first */
      script.onerror = function () {
        scriptsFailed = true;
        whenScriptsFail();
        script.onload();
      };
      script.onload = function () {
        pending -= 1;
        if (pending === 0 && document.readyState !== "loading") {
          /* In a task of its own: the browser may paint and answer input in between. */
          setTimeout(function () { document.dispatchEvent(new Event("DOMContentLoaded")); }, 0);
        }
      };
      document.body.appendChild(script);
    });
  }

  /* Material, starting, writes every relative address in the page out in full. A
     stylesheet whose address changes is fetched again, and the page is drawn without it
     until it is back: ours is sent no-cache, so once the page has loaded that is a round
     trip, and on a slow phone the page jumped for as long. Written out in full here,
     while the page is still loading and before its first paint, the browser takes it
     from its memory, and Material then leaves it as it is. */
  Array.prototype.forEach.call(document.querySelectorAll("link[rel~='stylesheet'][href]"), function (link) {
    if (link.getAttribute("href") !== link.href) link.setAttribute("href", link.href);
  });

  /* Firefox restores checkboxes on reload; the header's toggles always start closed. This
     much is done before the first paint, so that nothing paints open. */
  (function () {
    var drawer = document.getElementById("__drawer"), search = document.getElementById("__search");
    if (drawer && drawer.checked) drawer.checked = false;
    if (search && search.checked && !new URLSearchParams(location.search).has("q")) search.checked = false;
  })();

  /* -- The search panel's words, from the first paint -------------------------------
     A search that finds nothing shows the support contact under Material's "No matching
     documents"; one whose index could not be fetched says search is not available; and
     what was found is said once, when the reader pauses. (help-centre.js reports a
     search that found nothing, and announces its own messages here too.) */
  /* One polite live region per page, for messages a screen reader should announce. */
  function announce(message) {
    var region = document.getElementById("hc-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "hc-announcer";
      region.className = "md-visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = "";
    setTimeout(function () { region.textContent = message; }, 50);
  }

  /* Whether the search box shows "no results" for what it holds now: Material writes its
     own "none" wording (from the page configuration) once the answer has come. */
  function searchFoundNothing(input, meta, list) {
    var element = document.getElementById("__config");
    var none = element ? JSON.parse(element.textContent).translations["search.result.none"] : "";
    return input.value.trim().length > 0 && list.children.length === 0 && meta.textContent.trim() === none;
  }

  /* The query the search worker could not answer because a file of the index could not be
     fetched (search-worker.js says so on a channel, with the query): for it, "nothing
     found" means "search is not available", not that the help centre has no answer. */
  var unanswered = null;
  var whenUnanswered = [];
  if (window.BroadcastChannel) {
    new BroadcastChannel("help-centre-search").addEventListener("message", function (event) {
      if (!event.data || typeof event.data.unavailable !== "string") return;
      unanswered = event.data.unavailable.trim();
      whenUnanswered.forEach(function (update) { update(); });
    });
  }
  function searchUnavailable(input) {
    return unanswered !== null && unanswered === input.value.trim();
  }

  /* The search panel outlives instant navigation, so this is set up once per document:
     from the first paint, for the early search and Material's alike. */
  function watchSearchPanel() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    var template = document.getElementById("hc-no-results");
    if (!meta || !list || !input || !template || meta.hasAttribute("data-hc-watched")) return;
    meta.setAttribute("data-hc-watched", "");
    var panel = template.content.firstElementChild.cloneNode(true);
    var unavailableTemplate = document.getElementById("hc-search-unavailable");
    var unavailable = unavailableTemplate ? unavailableTemplate.content.firstElementChild.cloneNode(true) : panel;
    /* In the page only while shown: Material's arrow keys move through every link in the
       results panel, and a hidden link would swallow that focus. */
    function update() {
      if (list.children.length) unanswered = null;  /* the search answers again */
      var none = searchFoundNothing(input, meta, list);
      var shown = none ? (searchUnavailable(input) ? unavailable : panel) : null;
      [panel, unavailable].forEach(function (each) {
        if (each !== shown && each.isConnected) each.remove();
      });
      if (shown && !shown.isConnected) meta.insertAdjacentElement("afterend", shown);
    }
    new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
    new MutationObserver(update).observe(list, { childList: true });
    input.addEventListener("input", update);
    whenUnanswered.push(update);
    announceResults(input, meta, list);
    /* for help-centre.js, which reports a search that found nothing */
    window.helpCentreSearchFoundNothing = function () {
      return searchFoundNothing(input, meta, list) && !searchUnavailable(input);
    };
    update();
  }

  /* How many answers were found, or that none were, is said once, politely, when the
     reader pauses: not for every key pressed [WCAG 4.1.3]. */
  var ANNOUNCE_AFTER_MS = 900;
  function announceResults(input, meta, list) {
    var timer = null;
    var said = "";
    function say() {
      timer = null;
      var query = input.value.trim();
      if (!query || !document.getElementById("__search").checked) return;
      var none = searchFoundNothing(input, meta, list);
      var message = !none ? meta.textContent.trim()
        : searchUnavailable(input) ? "Search is not available right now. Try again, or ask IT support: their phone and email are shown below."
        : "No answers match your search. IT support's phone and email are shown below.";
      if (!none && !list.children.length) return;  /* still searching */
      if (query + "\n" + message === said) return;
      said = query + "\n" + message;
      announce(message);
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(say, ANNOUNCE_AFTER_MS);
    }
    input.addEventListener("input", later);
    new MutationObserver(later).observe(meta, { childList: true, characterData: true, subtree: true });
    whenUnanswered.push(later);
  }

  window.helpCentreAnnounce = announce;

  /* The scripts are asked for once the first contentful paint is reported (the browser
     holds them back until then anyway); a page that paints nothing (a background tab)
     asks for them after a second. */
  var fetched = false;
  function fetchOnce() {
    if (fetched) return;
    fetched = true;
    fetchScripts();
  }
  var paintTypes = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (paintTypes && paintTypes.indexOf("paint") >= 0) {
    var firstPaint = new PerformanceObserver(function (list) {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      firstPaint.disconnect();
      fetchOnce();
    });
    firstPaint.observe({ type: "paint", buffered: true });
  }
  setTimeout(fetchOnce, 1000);

  /* The rest, once the first frame is painted (a frame is asked for, and the set-up runs
     in the task after it); a page opened in a background tab paints no frame, so a timer
     sets it up there. */
  var setUpDone = false;
  function setUpOnce() {
    if (setUpDone) return;
    setUpDone = true;
    setUp();
    watchSearchPanel();
  }
  requestAnimationFrame(function () { setTimeout(setUpOnce, 0); });
  setTimeout(setUpOnce, 200);

  function setUp() {  /* to the end of the script */
  /* -- The header's menu and search, from the first paint -------------------------- */
  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var input = document.querySelector(".md-search__input");
  if (!drawer || !search || !input) return;
  var phone = window.matchMedia("(max-width: 59.984375em)");       /* search is an overlay */
  var offCanvas = window.matchMedia("(max-width: 76.234375em)");   /* the menu is a drawer */
  var opener = { drawer: null, search: null };

  function materialIsIn() { return !!window.document$; }

  /* Changed only where it changes: each change makes the browser work out the styles of
     everything inside again, and the menu is most of the page. */
  function setInert(element, value) {
    if (element.inert !== value) element.inert = value;
  }
  function setAttr(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  /* Material's header labels, made into buttons a keyboard reaches and a screen reader
     names (pressable, below); the one that opened the menu is remembered, so that the
     menu opened from it puts focus on its first link. */
  function asButton(label, name, toggle) {
    if (!label) return;
    pressable(label);
    label.setAttribute("aria-label", name);
    label.addEventListener("click", function () { opener[toggle === drawer ? "drawer" : "search"] = label; });
  }
  var menuButton = document.querySelector(".md-header label.md-header__button[for='__drawer']");
  var searchButton = document.querySelector(".md-header label.md-header__button[for='__search']");
  asButton(menuButton, "Menu", drawer);
  asButton(searchButton, "Search", search);

  /* Closed things are inert; open/closed is said on the buttons. */
  function update() {
    var menu = document.querySelector(".md-sidebar--primary");
    if (menu) setInert(menu, offCanvas.matches && !drawer.checked);
    var inner = document.querySelector(".md-search__inner");
    var output = document.querySelector(".md-search__output");
    if (inner) setInert(inner, phone.matches && !search.checked);
    /* and the search dialog itself, which a screen reader would otherwise meet, empty */
    var area = inner && inner.closest(".md-search");
    if (area) setInert(area, phone.matches && !search.checked);
    if (output) setInert(output, !search.checked);
    if (menuButton) setAttr(menuButton, "aria-expanded", String(drawer.checked));
    if (searchButton) setAttr(searchButton, "aria-expanded", String(search.checked));
    /* Nothing behind an open drawer or search overlay can be reached by Tab. */
    var drawerOpen = offCanvas.matches && drawer.checked;
    Array.prototype.forEach.call(document.querySelectorAll(".md-main__inner > :not(.md-sidebar--primary), .md-footer"),
      function (part) { setInert(part, drawerOpen || (phone.matches && search.checked)); });
  }
  drawer.addEventListener("change", function () {
    if (drawer.checked) holdAnswer();
    update();
    if (drawer.checked) {
      /* the first stop the reader can see (on a guide, the open section's way back): at
         phone widths an open section covers the rest */
      var first = Array.prototype.filter.call(
        document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary [data-hc-pressable][tabindex='0']"),
        function (stop) { return !stop.closest("[inert]") && stop.getClientRects().length > 0; })[0];
      if (first && opener.drawer && offCanvas.matches) first.focus({ preventScroll: true });
    }
  });
  search.addEventListener("change", function () {
    if (search.checked) holdAnswer();
    update();
    /* Opening the search puts the cursor in the box, before the bundle is in and after:
       the bundle's own attempt comes while the box is still inert. */
    if (search.checked && document.activeElement !== input) input.focus();
  });
  [phone, offCanvas].forEach(function (query) {
    if (query.addEventListener) query.addEventListener("change", update);
  });
  update();

  /* Enter in the box would submit Material's search form and reload the page, losing the
     search: results come as the reader types, so there is nothing to submit. */
  if (input.form) input.form.addEventListener("submit", function (event) { event.preventDefault(); });

  /* A search form in a page (the home page's, the 404 page's) works without scripts: it
     loads the page again with ?q=, which opens the search. With scripts, its words go
     straight to the header's search, without a reload; when the reader leaves the search
     (Escape, or Tab past its last result) they are back in the form, their words kept. */
  var pageForm = null;
  function searchOpener() {
    if (pageForm && pageForm.isConnected && !pageForm.closest("[inert]")) return pageForm;
    return phone.matches ? searchButton : input;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form && form.matches && form.matches("form.hc-search") && form.querySelector("input[name='q']");
    if (!field || !field.value.trim()) return;
    event.preventDefault();
    pageForm = field;
    input.value = field.value;
    if (!search.checked) search.click();
    input.focus();
    /* Material reads the box when it gains focus and on every key released */
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
  /* the form is left behind once the reader moves on elsewhere */
  document.addEventListener("focusin", function (event) {
    if (pageForm && event.target !== pageForm && !(input.closest(".md-search") || input).contains(event.target)) {
      pageForm = null;
    }
  });

  /* Before the bundle: focus in the box opens the search panel, as the bundle does. */
  input.addEventListener("focus", function () {
    if (!materialIsIn() && !search.checked) search.click();
  });

  /* Escape: close what is open and give focus back to what opened it. Material closes the
     search and blurs the box in its own handler; this runs after it. Material opens the
     search whenever focus moves into the box (it watches focusin and focusout), so that
     one move is kept from it, and from the handler above; typing opens the search again. */
  var quietFocus = false;
  ["focus", "focusin", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (quietFocus && (type === "focusout" ? event.relatedTarget : event.target) === input) event.stopImmediatePropagation();
    }, true);
  });
  input.addEventListener("input", function () {
    if (!search.checked) search.click();
    /* Material reads the box when a key is released: text that comes without a key (pasted
       from a phone's menu, dictated, an input method's word) is searched too. */
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var inSearch = search.checked || document.activeElement === input;
    var inMenu = drawer.checked && offCanvas.matches;
    if (!inSearch && !inMenu) return;
    if (inMenu && !inSearch) drawer.click();
    function giveFocusBack() {
      if (inSearch && search.checked) search.click();
      var target = inSearch ? searchOpener() : menuButton;
      if (!target || document.activeElement === target) return;
      quietFocus = target === input;
      target.focus();
      quietFocus = false;
    }
    /* after Material's own handler, once it is in; before it, at once */
    if (materialIsIn()) setTimeout(giveFocusBack, 0); else giveFocusBack();
  });

  /* Arriving by a link to page#answer, a reader on a slow phone can open the search or the
     menu before the page has finished loading. Both the browser (scrolling to the answer
     once the page has loaded) and Material (closing the search and the menu when it starts
     on an address with an answer in it) would then take them away, with what was typed.
     So the answer is left out of the address until both are past, then put back (which
     neither sees), and help-centre.js marks the answer without moving focus. */
  var heldAnswer = "";
  function holdAnswer() {
    if (heldAnswer || !location.hash || (materialIsIn() && document.readyState === "complete")) return;
    heldAnswer = location.hash;
    history.replaceState(history.state, "", location.pathname + location.search);
    var waiting = setInterval(function () {
      if (!materialIsIn() || document.readyState !== "complete") return;
      clearInterval(waiting);
      setTimeout(function () {  /* Material closes things 125 ms after it starts */
        if (!location.hash) history.replaceState(history.state, "", heldAnswer);
        heldAnswer = "";
        if (window.helpCentreLand) window.helpCentreLand();
      }, 250);
    }, 100);
  }

  /* Tab moves through the search as through the page: from the box into its results, one
     by one, and the search closes only when Tab leaves it. Material instead closes it on
     any Tab by blurring the box, so a reader reached only the first result, and WebKit
     then started the next Tab from the top of the page: a Safari reader never got past the
     header. Leaving, focus is put where the search was (the box, or at phone widths the
     search button, as the overlay closes) and the browser's own Tab moves on from there. */
  var searchArea = input.closest(".md-search") || input.parentNode;
  /* Material's search panel is a dialog without a name; screen readers announce one. */
  if (searchArea.getAttribute("role") === "dialog" && !searchArea.hasAttribute("aria-labelledby")) {
    setAttr(searchArea, "aria-label", "Search the help centre");
  }
  /* The results' scrolling box is no stop of its own: Tab goes to the results themselves,
     and the browser scrolls each into view. */
  var scrollBox = searchArea.querySelector(".md-search__scrollwrap");
  if (scrollBox) scrollBox.setAttribute("tabindex", "-1");
  /* Material keeps its results out of the tab order (for its arrow keys, which still work):
     they are put back in it as they are shown, so Tab reaches every one of them. And each
     is named by its question (a guide's section with its guide), not by everything drawn
     inside it. When the results are drawn again (Material's first answer, after the
     early search's), focus on one of them goes to the same result drawn anew, or to the
     box: never to the page. */
  var resultList = searchArea.querySelector(".md-search-result__list");
  var focusedResult = "";
  if (resultList) {
    resultList.addEventListener("focusin", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      focusedResult = link ? link.href : "";
    });
    resultList.addEventListener("focusout", function (event) {
      if (event.relatedTarget) focusedResult = "";  /* the reader moved on */
    });
  }
  if (resultList && window.MutationObserver) {
    new MutationObserver(function () {
      if (focusedResult && search.checked && (document.activeElement === document.body || !document.activeElement)) {
        var again = Array.prototype.filter.call(resultList.querySelectorAll("a[href]"),
          function (link) { return link.href === focusedResult; })[0];
        (again || input).focus();
      }
      Array.prototype.forEach.call(resultList.querySelectorAll("a[href]"), function (link) {
        if (link.getAttribute("tabindex") === "-1") link.removeAttribute("tabindex");
        var title = link.classList.contains("md-search-result__link") && link.querySelector(".hc-result__title");
        if (!title) return;
        var context = link.querySelector(".hc-result__context");
        setAttr(link, "aria-label", title.textContent.trim() + (context ? " (" + context.textContent.trim() + ")" : ""));
      });
    }).observe(resultList, { childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex"] });
  }
  function tabbableInSearch() {
    return Array.prototype.filter.call(
      searchArea.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"),
      function (element) {
        return element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0 &&
          !element.closest("[inert], [hidden]") && getComputedStyle(element).visibility !== "hidden";
      });
  }
  /* Before the bundle, the keys Material gives the search: Enter in the box opens the best
     result, the arrow keys move from the box through the results and round again. */
  searchArea.addEventListener("keydown", function (event) {
    if (materialIsIn() || !search.checked || event.altKey || event.ctrlKey || event.metaKey) return;
    var links = Array.prototype.slice.call(searchArea.querySelectorAll(".md-search-result__list > li > a[href]"));
    if (event.key === "Enter" && document.activeElement === input && links.length && !retryOffered()) {
      event.preventDefault();
      links.sort(function (a, b) { return score(b) - score(a); })[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var stops = [input].concat(links);
      var here = Math.max(0, stops.indexOf(document.activeElement));
      stops[(here + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
    }
  });
  function score(link) {
    var article = link.firstElementChild;
    return parseFloat(article && article.getAttribute("data-md-score")) || 0;
  }
  searchArea.addEventListener("keydown", function (event) {
    /* Material sends any other key in the search back to the box, Shift too: Shift+Tab
       from a result would then start from the box. */
    if (event.key === "Shift") { if (search.checked) event.stopPropagation(); return; }
    /* WebKitGTK names Shift+Tab "Unidentified" (GTK's ISO_Left_Tab); its code is still Tab. */
    if ((event.key !== "Tab" && event.code !== "Tab") || event.altKey || event.ctrlKey || event.metaKey || !search.checked) return;
    event.stopPropagation();  /* Material's handler, on the window, would blur the box */
    var stops = tabbableInSearch();
    var here = stops.indexOf(document.activeElement);
    var next = here + (event.shiftKey ? -1 : 1);
    if (here >= 0 && next >= 0 && next < stops.length) return;  /* still inside: the browser moves on */
    search.click();  /* first: at phone widths the page behind the search is inert until it closes */
    var from = searchOpener();
    if (from && document.activeElement !== from) {
      quietFocus = from === input;
      from.focus();
      quietFocus = false;
    }
  });

  /* The menu's sections. A section that opens below its own page's link has a bare toggle
     (Material's): it becomes a button named by the section, saying whether it is open. At
     phone widths an open section slides over the level above it, which stays behind it,
     unseen yet reached by Tab: those covered parts are inert, and the open section's
     title, the way back, becomes a button. */
  function pressable(label) {
    if (label.hasAttribute("data-hc-pressable")) return;
    label.setAttribute("data-hc-pressable", "");
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      /* The key is spent here: Material's keyboard handler, on the window, would see it
         after the search had opened and take Enter as choosing the first result. */
      event.preventDefault();
      event.stopPropagation();
      label.click();
    });
  }
  function sections() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-nav--primary .md-nav__toggle[id]"), function (toggle) {
      var item = toggle.parentElement, list = item.parentElement, level = list && list.parentElement;
      var name = item.querySelector(".md-nav__link .md-ellipsis");
      var title = name ? name.textContent.trim() : "";
      /* a section's toggle beside its link; the page's own contents' toggle is its label */
      var opener = item.querySelector(".md-nav__container > label.md-nav__link[for='" + toggle.id + "']") ||
        (offCanvas.matches ? item.querySelector(":scope > label.md-nav__link[for='" + toggle.id + "']") : null);
      if (opener) {
        pressable(opener);
        opener.setAttribute("aria-label", title);
        setAttr(opener, "aria-expanded", String(toggle.checked));
      }
      var back = item.querySelector(".md-nav > label.md-nav__title[for='" + toggle.id + "']");
      var covering = offCanvas.matches && toggle.checked;
      if (back) {
        if (covering) { pressable(back); back.setAttribute("aria-label", "Back from " + title); }
        else if (back.hasAttribute("data-hc-pressable")) back.setAttribute("tabindex", "-1");
        if (covering) back.setAttribute("tabindex", "0");
      }
      Array.prototype.forEach.call(list ? list.children : [], function (sibling) {
        if (sibling !== item) setInert(sibling, covering);
      });
      Array.prototype.forEach.call(item.children, function (part) {
        if (part !== toggle && !part.matches("nav.md-nav")) setInert(part, covering);
      });
      var nested = item.querySelector(":scope > nav.md-nav");
      if (nested) setInert(nested, offCanvas.matches && !toggle.checked);  /* slid away */
      var levelTitle = level && level.querySelector(":scope > label.md-nav__title");
      if (levelTitle) setInert(levelTitle, covering);
      if (!toggle.hasAttribute("data-hc-watched")) {
        toggle.setAttribute("data-hc-watched", "");
        toggle.addEventListener("change", function () {
          var wasBack = back && document.activeElement === back;
          sections();
          /* Back from a section: focus goes to that section in the level now shown (not
             when the whole menu is closing: Escape gives focus back to the menu button). */
          if (wasBack && !toggle.checked && opener && drawer.checked) opener.focus();
        });
      }
    });
  }
  sections();
  if (offCanvas.addEventListener) offCanvas.addEventListener("change", sections);

  /* A content tab is one radio button, named by its label; the label itself is kept out
     of the accessibility tree so the tab is not met twice. */
  function nameTabs() {
    /* The row of tab names scrolls sideways on a narrow screen, and Chromium makes such a
       box a Tab stop of its own, read as all the names run together: the tabs themselves
       are the stops. */
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-labels"), function (row) {
      setAttr(row, "tabindex", "-1");
    });
    /* The tabs of one set are a named group: a screen reader says what the choice is
       for when the reader enters it, not only two radio buttons. (A radiogroup may hold
       only its radios; the set holds the steps too.) */
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-set"), function (set) {
      setAttr(set, "role", "group");
      setAttr(set, "aria-label", "Ways to do this: choose one to see its steps");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-set > input[type='radio'][id]"), function (radio) {
      var label = radio.parentElement.querySelector(".tabbed-labels > label[for='" + radio.id + "']");
      if (!label) return;
      setAttr(radio, "aria-label", label.textContent.trim());
      setAttr(label, "aria-hidden", "true");
    });
  }
  nameTabs();

  /* Instant navigation swaps the page's content and menu: help-centre.js calls this again. */
  window.helpCentreFirstMinute = function () { nameTabs(); sections(); update(); };

  var asked = new URLSearchParams(location.search).get("q");
  update();
  /* The search opened in the first frame, before this ran: the cursor goes in the box. */
  if (search.checked && document.activeElement !== input) input.focus();

  /* -- The search before the bundle ------------------------------------------------
     From the reader's first tap the search answers on its own: the help centre's search
     worker, started when the box gains focus, answers what is typed, and the results are
     drawn as Material draws them (links, scores, highlighted words, its count wording).
     Once Material's bundle has run, it answers instead: this worker is stopped, and
     Material searches what the box holds and draws the same results again. Only with the
     help centre's own worker, which both speak to in Material's messages (search-worker.js);
     an engine with another worker waits for its bundle. */
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (error) { /* none */ }
  var siteBase = new URL(String(config.base || ".").replace(/\/?$/, "/"), location.href);
  var early = { worker: null, waiting: false, lastKey: 0, done: false };
  var earlyList = document.querySelector(".md-search-result__list");
  var earlyMeta = document.querySelector(".md-search-result__meta");
  function earlyOn() {
    if (early.done) return false;
    if (materialIsIn()) {  /* Material answers from here on */
      early.done = true;
      if (early.worker) early.worker.terminate();
      return false;
    }
    return true;
  }
  function startEarlySearch() {
    if (early.worker || !earlyOn() || !earlyList || !earlyMeta || !window.Worker ||
        !/(^|\/)assets\/javascripts\/search-worker\.js$/.test(String(config.search || ""))) return;
    var worker = early.worker = new Worker(new URL(config.search, siteBase));
    var ready = false;
    /* a worker that cannot start leaves the search to the bundle */
    worker.addEventListener("error", function () {
      early.done = true;
      early.waiting = false;
      whenScriptsFail();  /* with the bundle missing too, the search says it cannot start */
    });
    worker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (!earlyOn()) return;
      if (message.type === 1) {  /* READY */
        ready = true;
        earlyQuery();
      } else if (message.type === 3) {  /* RESULT, for the latest query */
        early.waiting = false;
        /* an answer that comes after the box was emptied is an answer to nothing */
        showEarly(input.value.trim() ? message.data && message.data.items || [] : null);
      }
    });
    early.query = function () {
      if (!ready) return;
      early.waiting = true;
      early.askedAt = Date.now();
      worker.postMessage({ type: 2, data: input.value });  /* QUERY */
    };
    fetch(new URL("search/search_index.json", siteBase).href)
      .then(function (response) { return response.ok ? response.json() : Promise.reject(new Error(response.status)); })
      .then(function (index) {
        worker.postMessage({ type: 0, data: index });  /* SETUP */
        /* and the files every first query needs, now (search-worker.js: warm) */
        if (window.BroadcastChannel) {
          var channel = new BroadcastChannel("help-centre-search");
          channel.postMessage("warm");
          channel.close();
        }
      })
      .catch(function () { early.waiting = false; });  /* the bundle's search tries again */
  }
  function earlyQuery() {
    if (earlyOn() && early.query) early.query();
  }
  /* Material's markup for a result (its templates' renderSearchDocument), with the count in
     its own words (the page configuration's translations). null: the box is empty. */
  function showEarly(items) {
    var words = config.translations || {};
    var count = items ? items.length : 0;
    earlyMeta.textContent = !items ? words["search.result.placeholder"] || ""
      : count === 0 ? words["search.result.none"] || ""
      : count === 1 ? words["search.result.one"] || ""
      : (words["search.result.other"] || "#").replace("#", String(count));
    var highlight = (config.features || []).indexOf("search.highlight") >= 0;
    var rows = (items || []).map(function (item) {
      var found = item[0];
      var url = new URL(found.location, siteBase);
      if (highlight) {
        url.searchParams.set("h", Object.keys(found.terms || {})
          .filter(function (term) { return found.terms[term]; }).join(" "));
      }
      var row = document.createElement("li");
      row.className = "md-search-result__item";
      var link = row.appendChild(document.createElement("a"));
      link.href = url.href;
      link.className = "md-search-result__link";
      var article = link.appendChild(document.createElement("article"));
      article.className = "md-search-result__article md-typeset";
      article.setAttribute("data-md-score", Number(found.score || 0).toFixed(2));
      article.appendChild(document.createElement("div")).className = "md-search-result__icon md-icon";
      /* the worker's title: the row's words escaped, the matched ones in <mark> */
      article.appendChild(document.createElement("h1")).innerHTML = String(found.title || "");
      return row;
    });
    setAttr(earlyList, "role", "list");
    earlyList.replaceChildren.apply(earlyList, rows);
  }
  input.addEventListener("focus", startEarlySearch);
  input.addEventListener("input", function () {
    early.lastKey = Date.now();
    startEarlySearch();
    earlyQuery();
  });
  if (document.activeElement === input) startEarlySearch();
  earlySearchBusy = function () {
    if (!early.worker || early.done) return false;
    var active = document.activeElement;
    return (early.waiting && Date.now() - early.askedAt < WAIT_MS) || Date.now() - early.lastKey < PAUSE_MS ||
      !!(active && active !== input && searchArea.contains(active)) ||
      /* closed with focus left in the box: Material, starting, would open it again */
      (active === input && !search.checked);
  };

  /* -- When the search cannot start ------------------------------------------------
     The search needs the scripts. If one of them does not arrive, or the search still
     says it is starting some seconds after the reader opened it, the panel says so and
     offers a way on: try again (the page once more, the words kept: ?q= opens the search
     with them) or IT support. It goes as soon as the search answers. */
  var UNAVAILABLE_AFTER_MS = 8000;
  var meta = document.querySelector(".md-search-result__meta");
  var unavailable = document.getElementById("hc-search-unavailable");
  if (!meta || !unavailable) return;
  var starting = meta.textContent.trim();
  var openedAt = 0;
  /* Said once, politely, as it appears: its content goes into a region already there. */
  var region = document.createElement("div");
  region.setAttribute("role", "status");
  meta.insertAdjacentElement("afterend", region);
  function retry() {
    var words = input.value.trim();
    location.assign(location.pathname + (words ? "?q=" + encodeURIComponent(words) : ""));
  }
  function checkSearchStarts() {
    var waited = openedAt && Date.now() - openedAt >= UNAVAILABLE_AFTER_MS - 50;
    /* without the bundle, the early search may still answer */
    var show = search.checked && meta.textContent.trim() === starting &&
      ((scriptsFailed && !(early.worker && !early.done)) || waited);
    if (show && !region.firstChild) {
      region.appendChild(unavailable.content.firstElementChild.cloneNode(true));
    } else if (!show && region.firstChild) {
      region.textContent = "";
    }
  }
  function opened() {
    if (!search.checked) { checkSearchStarts(); return; }
    if (!openedAt) openedAt = Date.now();
    setTimeout(checkSearchStarts, UNAVAILABLE_AFTER_MS);
    checkSearchStarts();
  }
  search.addEventListener("change", opened);
  whenScriptsFail = checkSearchStarts;
  new MutationObserver(checkSearchStarts).observe(meta, { childList: true, characterData: true, subtree: true });
  /* "Try again", here or where help-centre.js says the index could not be fetched; and
     Enter, while the search is not available, is a request to try again. */
  function retryOffered() { return document.querySelector(".md-search-result .hc-search-retry"); }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".md-search-result .hc-search-retry")) retry();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && retryOffered()) retry();
  });
  /* Before the bundle, ?q= opens the search with its words, as the bundle would. */
  if (asked !== null && !input.value) input.value = asked;
  if (asked && !materialIsIn()) {
    if (!search.checked) search.click();
    if (document.activeElement !== input) input.focus();
    earlyQuery();
  }
  opened();
  }  /* setUp: its body keeps the indentation it had as the script's own */
})();
