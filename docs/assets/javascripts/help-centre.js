/*
 * The help centre's behaviour on top of Material for MkDocs:
 * - landing: a link to page#id puts that answer in view below the header, marks it, opens
 *   anything collapsed around it and moves keyboard focus to it; an id that moved or was
 *   renamed is looked up in links.json and followed;
 * - "Copy link" buttons that copy an answer's permanent go/<id>/ address;
 * - when a search finds nothing, the search panel says so and shows the support contact.
 * Everything here is an enhancement: without JavaScript every answer is fully readable.
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
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function land() {
    var id = decodeURIComponent(location.hash.slice(1));
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
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
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

  /* The search panel outlives instant navigation, so this is set up once per document. */
  function watchForEmptySearch() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    var template = document.getElementById("hc-no-results");
    if (!meta || !list || !input || !template || meta.hasAttribute("data-hc-watched")) return;
    meta.setAttribute("data-hc-watched", "");
    var panel = template.content.firstElementChild.cloneNode(true);
    /* In the page only while shown: Material's arrow keys move through every link in the
       results panel, and a hidden link would swallow that focus. */
    function update() {
      var searched = input.value.trim().length > 0 && /\d|no /i.test(meta.textContent);
      var show = searched && list.children.length === 0;
      if (show && !panel.isConnected) meta.insertAdjacentElement("afterend", panel);
      if (!show && panel.isConnected) panel.remove();
    }
    new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
    new MutationObserver(update).observe(list, { childList: true });
    input.addEventListener("input", update);
  }

  /* Material's search panel is a dialog without a name; screen readers announce one. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", "Search the help centre");
    }
  }

  function setUp() {
    nameSearchDialog();
    addCopyButtons();
    watchForEmptySearch();
    land();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);  /* every page, instant navigation included */
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
  window.addEventListener("hashchange", land);
  /* The browser scrolls to the fragment itself once the page has loaded, and if the
     fragment names an element that cannot take focus (an older id), it moves focus to
     the page: land once more after that. */
  window.addEventListener("load", function () { window.setTimeout(land, 0); });
})();
