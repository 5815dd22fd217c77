/*
 * The page's first minute: what works before Material's bundle, and when the bundle loads.
 *
 * Loading. As ordinary <script defer> tags, Material's bundle and our script are found by
 * the browser's preload scanner and downloaded while the page is still being drawn,
 * competing with the stylesheets for a phone's slow connection. Kept in a <template>
 * (inert: nothing in it is fetched), they are added in order once the page has loaded and
 * its largest paint is on screen, or at once, at top priority, at the reader's first
 * touch, key or focus. Material starts on DOMContentLoaded: if the page has passed it by
 * then, the event is sent again for it.
 *
 * Before the bundle has loaded, the header's search and menu work on their own (the
 * stylesheet shows them wherever scripts run): a tap on the search opens it with the
 * cursor in the box, typed text stays and is searched once the bundle is in, Escape
 * closes it. And at every width from then on:
 * - the menu and search buttons in the header are real buttons, reached by Tab, that say
 *   whether what they open is open;
 * - whatever is closed (the menu drawer at phone widths, the search panel) is inert: out of
 *   the tab order and out of the accessibility tree;
 * - Escape closes the search or the menu and puts focus back on what opened it, never on
 *   the page itself.
 */
(function () {
  "use strict";
  var template = document.getElementById("hc-scripts");
  if (!template || window.__hcScriptsLoading) return;
  window.__hcScriptsLoading = true;
  var started = false;

  function load(event) {
    if (started) return;
    started = true;
    var urgent = !!(event && event.type);  /* the reader is waiting: fetch ahead of images */
    var scripts = template.content.querySelectorAll("script[src]");
    var pending = scripts.length;
    Array.prototype.forEach.call(scripts, function (original) {
      var script = document.createElement("script");
      script.src = original.getAttribute("src");
      script.async = false;
      if (urgent) script.fetchPriority = "high";
      script.onload = script.onerror = function () {
        pending -= 1;
        if (pending === 0 && document.readyState !== "loading") {
          /* In a task of its own: the browser may paint and answer input in between. */
          setTimeout(function () { document.dispatchEvent(new Event("DOMContentLoaded")); }, 0);
        }
      };
      document.body.appendChild(script);
    });
  }

  /* The page has loaded and its largest paint is on screen (where the browser reports it;
     elsewhere, two frames later). */
  function afterPaint() {
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf("largest-contentful-paint") >= 0) {
      new PerformanceObserver(function (list, observer) {
        observer.disconnect();
        setTimeout(load, 0);
      }).observe({ type: "largest-contentful-paint", buffered: true });
    } else {
      requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(load, 0); }); });
    }
    setTimeout(load, 1500);  /* nothing is painted in a hidden tab: load anyway */
  }

  ["pointerdown", "keydown", "focusin"].forEach(function (type) {
    document.addEventListener(type, load, { once: true, passive: true, capture: true });
  });

  if (document.readyState === "complete") afterPaint();
  else window.addEventListener("load", afterPaint, { once: true });

  /* -- The header's menu and search, from the first paint -------------------------- */
  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var input = document.querySelector(".md-search__input");
  if (!drawer || !search || !input) return;
  var phone = window.matchMedia("(max-width: 59.984375em)");       /* search is an overlay */
  var offCanvas = window.matchMedia("(max-width: 76.234375em)");   /* the menu is a drawer */
  var opener = { drawer: null, search: null };

  function materialIsIn() { return !!window.document$; }

  /* Material's header labels, made into buttons a keyboard reaches and a screen reader names. */
  function asButton(label, name, toggle) {
    if (!label) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        /* The key is spent here: Material's keyboard handler, on the window, would see it
           after the search had opened and take Enter as choosing the first result. */
        event.preventDefault();
        event.stopPropagation();
        opener[toggle === drawer ? "drawer" : "search"] = label;
        label.click();
      }
    });
    label.addEventListener("click", function () { opener[toggle === drawer ? "drawer" : "search"] = label; });
  }
  var menuButton = document.querySelector(".md-header label.md-header__button[for='__drawer']");
  var searchButton = document.querySelector(".md-header label.md-header__button[for='__search']");
  asButton(menuButton, "Menu", drawer);
  asButton(searchButton, "Search", search);

  /* Closed things are inert; open/closed is said on the buttons. */
  function update() {
    var menu = document.querySelector(".md-sidebar--primary");
    if (menu) menu.inert = offCanvas.matches && !drawer.checked;
    var inner = document.querySelector(".md-search__inner");
    var output = document.querySelector(".md-search__output");
    if (inner) inner.inert = phone.matches && !search.checked;
    if (output) output.inert = !search.checked;
    if (menuButton) menuButton.setAttribute("aria-expanded", String(drawer.checked));
    if (searchButton) searchButton.setAttribute("aria-expanded", String(search.checked));
    /* Nothing behind an open drawer or search overlay can be reached by Tab. */
    var drawerOpen = offCanvas.matches && drawer.checked;
    Array.prototype.forEach.call(document.querySelectorAll(".md-main__inner > :not(.md-sidebar--primary), .md-footer"),
      function (part) { part.inert = drawerOpen || (phone.matches && search.checked); });
  }
  drawer.addEventListener("change", function () {
    update();
    if (drawer.checked) {
      var first = document.querySelector(".md-sidebar--primary .md-nav__list a[href]");
      if (first && opener.drawer && offCanvas.matches) first.focus({ preventScroll: true });
    }
  });
  search.addEventListener("change", function () {
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

  /* Before the bundle: focus in the box opens the search panel, as the bundle does, so the
     reader sees it is coming; text typed now is searched once the bundle is in. */
  input.addEventListener("focus", function () {
    if (!materialIsIn() && !search.checked) search.click();
  });

  /* Escape: close what is open and give focus back to what opened it. Material closes the
     search and blurs the box in its own handler; this runs after it. Material opens the
     search whenever the box gains focus, so that one focus is kept from it; typing opens
     the search again. */
  var quietFocus = false;
  document.addEventListener("focus", function (event) {
    if (quietFocus && event.target === input) {
      quietFocus = false;
      event.stopImmediatePropagation();
    }
  }, true);
  input.addEventListener("input", function () {
    if (!search.checked) search.click();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var inSearch = search.checked || document.activeElement === input;
    var inMenu = drawer.checked && offCanvas.matches;
    if (!inSearch && !inMenu) return;
    if (!materialIsIn() && search.checked) search.click();
    if (inMenu && !inSearch) drawer.click();
    setTimeout(function () {
      if (inSearch && search.checked) search.click();
      var target = inSearch ? (phone.matches ? searchButton : input) : menuButton;
      if (!target || document.activeElement === target) return;
      quietFocus = target === input;
      target.focus();
      quietFocus = false;
    }, 0);
  });

  /* A content tab is one radio button, named by its label; the label itself is kept out
     of the accessibility tree so the tab is not met twice. */
  function nameTabs() {
    Array.prototype.forEach.call(document.querySelectorAll(".tabbed-set > input[type='radio'][id]"), function (radio) {
      var label = radio.parentElement.querySelector(".tabbed-labels > label[for='" + radio.id + "']");
      if (!label) return;
      radio.setAttribute("aria-label", label.textContent.trim());
      label.setAttribute("aria-hidden", "true");
    });
  }
  nameTabs();

  /* Instant navigation swaps the page's content and menu: help-centre.js calls this again. */
  window.helpCentreFirstMinute = function () { nameTabs(); update(); };

  /* Firefox restores checkboxes on reload; the header's toggles always start closed. */
  if (drawer.checked) drawer.checked = false;
  if (search.checked && !new URLSearchParams(location.search).has("q")) search.checked = false;
  update();
})();
