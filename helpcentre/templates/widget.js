/*
 * <help-centre-panel>: the help centre inside the portal.
 *
 *   <script type="module" src="https://<help centre>/widget/help-centre.js"></script>
 *   <help-centre-panel screen="my-claims"><a href="https://<help centre>/">Help</a></help-centre-panel>
 *
 * The link inside is the fallback: it shows until this module has loaded, and stays if it
 * never does. Once loaded, a "Help with this page" button opens the panel in the browser's
 * top layer: beside the page on a wide screen, a modal sheet on a narrow one (focus stays
 * in it, the page behind is inert and does not scroll). Escape anywhere in the panel, or on
 * its button, closes it and returns focus to the button.
 *
 * Opening fetches one small file, api/screens/<screen>.json, whatever the size of the help
 * centre (answers="id1,id2" fetches api/answers/<id>.json for each instead). The panel's
 * search is the site's own (assets/javascripts/search-worker.js, run here by widget/search.js)
 * over the site's own index files, fetched on first use. Every request omits cookies and
 * the referrer, and gives up after a while with a retry button; so does a file of the wrong
 * shape. Nothing is stored. Answer HTML is parsed in an inert document (through the Trusted
 * Types policy "help-centre" where there is one) and rebuilt through an allowlist. Styles
 * are a constructable stylesheet in a shadow root, so the portal's style-src need not name
 * the help centre. README: "Help inside the portal".
 */
import { supportStatus } from "../assets/javascripts/support-status.js";

const BASE = new URL("../", import.meta.url);
const SUPPORT = /* support.yml, written by the build */ null;
const STYLES = /* widget.css, written by the build */ "";
const NARROW = "(max-width: 600px)";  /* widget.css uses the same query */
const TIMEOUT_MS = 10000;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TAGS = new Set(["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "kbd", "pre", "blockquote",
  "h3", "h4", "h5", "h6", "a", "span", "div", "mark", "small", "sub", "sup", "hr", "table", "thead", "tbody", "tr",
  "th", "td"]);
const DROP = new Set(["script", "style", "template", "iframe", "object", "embed", "svg", "math", "form", "input",
  "button", "select", "textarea", "noscript", "img", "video", "audio", "link", "meta"]);
const SCHEMES = ["https:", "http:", "mailto:", "tel:"];

/* -- fetching ------------------------------------------------------------------------ */

class Unreachable extends Error {}
class NotFound extends Error {}
class CannotParse extends Error {}  /* the portal's Trusted Types policy refuses the panel */

const isText = (value) => typeof value === "string";
const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/* One answer as api/answers/<id>.json and the screens' files hold it. */
function isAnswer(value) {
  return isRecord(value) && isText(value.id) && ID.test(value.id) && isText(value.title) && value.title.trim() !== ""
    && isText(value.html);
}

/* A screen as api/screens/<id>.json holds it: its title and its answers in full. */
function isScreen(value) {
  return isRecord(value) && isText(value.title) && Array.isArray(value.answers) && value.answers.every(isAnswer);
}

/* The JSON if `valid`; anything else ({"error":…}, null, []) counts as an unreachable help centre. */
function checked(path, valid) {
  return (data) => {
    if (valid(data)) return data;
    console.warn(`help-centre-panel: ${path} is not what the help centre publishes; showing the way to the help centre`);
    throw new Unreachable(`${path}: unexpected content`);
  };
}

/* A file of the help centre: no cookies, no referrer, and given up after `timeout` ms. */
function fetchFromHelpCentre(url, timeout) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  return fetch(url, { credentials: "omit", referrerPolicy: "no-referrer", signal: controller.signal })
    .catch(() => { throw new Unreachable(String(url)); })
    .finally(() => clearTimeout(timer));
}

function fetchJson(path, timeout) {
  return fetchFromHelpCentre(new URL(path, BASE), timeout).then((response) => {
    if (response.status === 404) throw new NotFound(path);
    if (!response.ok) throw new Unreachable(`${path}: ${response.status}`);
    return response.json();
  });
}

const answerFiles = new Map();  /* each answer's file once per page, unless it failed */
function fetchAnswer(id, timeout) {
  if (!ID.test(id)) return Promise.reject(new NotFound(id));
  if (!answerFiles.has(id)) {
    const path = `api/answers/${id}.json`;
    const loading = fetchJson(path, timeout).then(checked(path, isAnswer));
    answerFiles.set(id, loading);
    loading.catch(() => answerFiles.delete(id));
  }
  return answerFiles.get(id);
}

/* The site's search, loaded on first use and shared by every panel on the page. */
let search = null;
function searchEngine(timeout) {
  if (!search) {
    search = Promise.all([import("./search.js"), fetchJson("search/search_index.json", timeout)])
      .then(([module, stub]) => module.start(stub.config, (url, options) => fetchFromHelpCentre(url, timeout)));
    search.catch(() => { search = null; });
  }
  return search;
}

/* -- answer HTML ------------------------------------------------------------------------ */

/* HTML parsed into an inert document (no script runs, nothing loads) for the allowlist to copy;
   through the Trusted Types policy "help-centre", used for nothing else, where the page allows
   it. A page that refuses both gets CannotParse: the panel links to the answer instead. */
let trustedPolicy;  /* undefined: not made yet; null: none (no Trusted Types, or the portal refuses it) */
function parse(html) {
  if (trustedPolicy === undefined) {
    trustedPolicy = null;
    try {
      if (window.trustedTypes) trustedPolicy = window.trustedTypes.createPolicy("help-centre", { createHTML: (text) => text });
    } catch { /* the portal's trusted-types directive does not name it: plain text may still be allowed */ }
  }
  try {
    return new DOMParser().parseFromString(trustedPolicy ? trustedPolicy.createHTML(html) : html, "text/html").body;
  } catch (refused) {
    if (!parse.refused) console.warn("help-centre-panel: this page's Trusted Types policy refuses the policy "
      + "\"help-centre\"; answers link to the help centre instead (name help-centre in its trusted-types directive)");
    parse.refused = true;
    throw new CannotParse(String(refused));
  }
}

/* Answer HTML rebuilt element by element: only the allowed tags, only safe links, no attributes. */
function sanitize(html) {
  const out = document.createDocumentFragment();
  copy(parse(html), out);
  return out;
}

/* Markup as plain words, without parsing it (for a search result where parsing is refused). */
function wordsOf(html) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] !== "#") return named[name.toLowerCase()] ?? whole;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function copy(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) to.append(node.data);
    if (node.nodeType !== Node.ELEMENT_NODE || node.hasAttribute("hidden")) continue;
    const tag = node.localName;
    if (DROP.has(tag)) continue;
    if (node.classList.contains("tabbed-set")) { tabs(node, to); continue; }
    if (!TAGS.has(tag)) { copy(node, to); continue; }
    const element = document.createElement(tag);
    if (tag === "a") link(element, node.getAttribute("href"));
    if (node.classList.contains("admonition-title")) element.className = "note";  /* a note's title */
    copy(node, element);
    to.append(element);
  }
  return to;
}

/* Content tabs ("On a PC", "With a phone"): each label as a heading above its part. */
function tabs(set, to) {
  const labels = set.querySelectorAll(":scope > .tabbed-labels > label");
  set.querySelectorAll(":scope > .tabbed-content > .tabbed-block").forEach((block, index) => {
    const heading = document.createElement("h4");
    heading.textContent = labels[index] ? labels[index].textContent : "";
    to.append(heading);
    copy(block, to);
  });
}

function link(element, href) {
  try {
    const url = new URL(href, BASE);
    if (!SCHEMES.includes(url.protocol)) return;
    element.href = url.href;
    if (url.protocol.startsWith("http")) { element.target = "_blank"; element.rel = "noopener noreferrer"; }
  } catch { /* not an address: the words stay, without a link */ }
}

function el(tag, properties = {}, ...children) {
  const element = Object.assign(document.createElement(tag), properties);
  element.append(...children);
  return element;
}

/* A search result as the site's search writes it (its guide, title and first sentence, the
   words found marked), rebuilt through the allowlist: the title, then the first sentence. */
function resultTitle(html) {
  let parsed;
  try { parsed = parse(html); } catch {  /* the page refuses parsing: the same parts, as plain words */
    const words = (name) => (html.match(new RegExp(`<span class="hc-result__${name}">(.*?)</span>`)) || [])[1];
    const title = el("span", { className: "title", textContent: wordsOf(words("title") ?? html) });
    if (words("context")) title.prepend(`${wordsOf(words("context"))}: `);
    return words("lead") ? [title, el("span", { className: "lead", textContent: wordsOf(words("lead")) })] : [title];
  }
  const part = (name) => parsed.querySelector(`.hc-result__${name}`);
  const title = el("span", { className: "title" });
  if (part("context")) title.append(`${part("context").textContent}: `);
  copy(part("title") || parsed, title);
  const lead = part("lead");
  return lead ? [title, copy(lead, el("span", { className: "lead" }))] : [title];
}

const newTab = (href, text) => el("a", { href, target: "_blank", rel: "noopener noreferrer", textContent: text });

let sheet = null;
function styles() {
  if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(STYLES); }
  return sheet;
}

/* -- the panel -------------------------------------------------------------------------- */

let panels = 0;
let openPanel = null;  /* one panel open at a time: a second one would cover the first exactly */

/* The element that has focus, looking into open shadow roots. */
function focusedElement() {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

class HelpCentrePanel extends HTMLElement {
  static observedAttributes = ["screen", "answers"];

  constructor() {
    super();
    const id = `hc-panel-${++panels}`;
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styles()];
    this.button = el("button", { type: "button", className: "open", textContent: "Help with this page", lang: "en",
      dir: "ltr" });
    this.button.setAttribute("aria-expanded", "false");
    this.button.setAttribute("aria-controls", id);
    this.heading = el("h2", { id: `${id}-title`, textContent: "Help", tabIndex: -1 });
    this.close = el("button", { type: "button", className: "close", textContent: "Close" });
    this.close.setAttribute("aria-label", "Close help");
    this.status = el("div", { className: "status" });
    this.status.setAttribute("role", "status");
    this.questions = el("div", { className: "questions" });
    this.field = el("input", { type: "search", id: `${id}-search`, autocomplete: "off", spellcheck: false });
    this.results = el("div", { className: "results" });
    this.results.setAttribute("aria-live", "polite");
    this.support = el("section", { className: "support" });
    const form = el("form", { className: "search" },
      el("label", { htmlFor: `${id}-search`, textContent: "Search the help centre" }), this.field);
    form.setAttribute("role", "search");
    this.panel = el("dialog", { id, className: "panel", lang: "en", dir: "ltr" },
      el("div", { className: "head" }, this.heading, this.close),
      el("div", { className: "body" }, this.status, this.questions, form, this.results, this.support,
        el("p", { className: "more" }, newTab(BASE.href, "Open the help centre"))));
    this.panel.setAttribute("aria-labelledby", this.heading.id);
    if (typeof this.panel.showPopover === "function") this.panel.setAttribute("popover", "manual");
    root.append(this.button, this.panel);

    this.narrow = matchMedia(NARROW);
    this.mode = null;  /* "modal" or "beside" while open */
    this.shown = null;  /* what the panel shows: "screen:<id>" or "answers:<ids>" */
    this.button.addEventListener("click", () => (this.mode ? this.hide() : this.show()));
    this.close.addEventListener("click", () => this.hide());
    root.addEventListener("keydown", (event) => this.keydown(event));
    this.panel.addEventListener("cancel", (event) => { event.preventDefault(); this.hide(); });
    form.addEventListener("submit", (event) => { event.preventDefault(); this.find(); });
    let timer = 0;
    this.field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => this.find(), 200); });
    this.onWidth = () => {  /* a turned tablet: reopen in the other way, focus where it was */
      if (!this.mode || this.mode === this.wantedMode()) return;
      const active = this.shadowRoot.activeElement;
      this.hide({ quiet: true });
      this.show();
      if (active && this.panel.contains(active)) active.focus();
    };
    /* Beside the page, Escape closes it from anywhere, and so does keyboard focus moving on to
       the page (where the panel could cover it); a click in the page keeps it open. */
    this.onPageKey = (event) => {
      if (event.key !== "Escape" || !this.mode || event.defaultPrevented) return;
      if (event.composedPath().includes(this)) return;  /* the panel's own keydown handles it */
      this.hide({ quiet: true });
    };
    this.onPageFocus = (event) => {
      if (this.mode !== "beside" || event.composedPath().includes(this)) return;
      const active = focusedElement();
      if (active && active.matches(":focus-visible")) this.hide({ quiet: true });
    };
    this.showSupport();
  }

  connectedCallback() { this.narrow.addEventListener("change", this.onWidth); }

  disconnectedCallback() {
    this.narrow.removeEventListener("change", this.onWidth);
    if (this.mode) this.hide({ quiet: true });
  }

  attributeChangedCallback() {
    if (this.mode) this.load();
  }

  get timeout() {
    const value = Number(this.getAttribute("timeout"));
    return value > 0 ? value : TIMEOUT_MS;
  }

  wantedMode() { return this.narrow.matches || typeof this.panel.showPopover !== "function" ? "modal" : "beside"; }

  /* Open in the top layer: a modal dialog on a narrow screen, a popover beside the page on a wide one. */
  show() {
    if (openPanel && openPanel !== this) openPanel.hide({ quiet: true });
    openPanel = this;
    /* An ancestor's CSS zoom multiplies the panel's size and position (and 100vw): undo it. */
    const zoom = this.button.currentCSSZoom;
    this.panel.style.zoom = zoom > 0 && Math.abs(zoom - 1) > 0.001 ? String(1 / zoom) : "";
    this.mode = this.wantedMode();
    if (this.mode === "modal") {
      this.panel.showModal();
      this.scrolling = document.documentElement.style.overflow;
      document.documentElement.style.overflow = "hidden";  /* the page behind stays still */
    } else {
      this.panel.showPopover();
    }
    this.button.setAttribute("aria-expanded", "true");
    document.addEventListener("keydown", this.onPageKey);
    document.addEventListener("focusin", this.onPageFocus);
    this.heading.focus();
    this.load();
  }

  hide({ quiet = false } = {}) {
    if (!this.mode) return;
    if (this.mode === "modal") {
      this.panel.close();
      document.documentElement.style.overflow = this.scrolling || "";
    } else if (this.panel.matches(":popover-open")) {
      this.panel.hidePopover();
    }
    this.mode = null;
    if (openPanel === this) openPanel = null;
    document.removeEventListener("keydown", this.onPageKey);
    document.removeEventListener("focusin", this.onPageFocus);
    this.button.setAttribute("aria-expanded", "false");
    if (!quiet) this.button.focus();
  }

  keydown(event) {
    if (event.key === "Escape" && this.mode) {
      event.preventDefault();
      event.stopPropagation();
      this.hide();
    } else if ((event.key === "Tab" || event.code === "Tab") && this.mode === "modal") {  /* WebKitGTK: Shift+Tab is "Unidentified" */
      this.trapFocus(event);
    }
  }

  /* The browser keeps focus out of the inert page; this keeps it from leaving for its toolbar. */
  trapFocus(event) {
    const focusable = [...this.panel.querySelectorAll("button, a[href], input, summary, [tabindex='0']")]
      .filter((element) => element.getClientRects().length);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    const active = this.shadowRoot.activeElement;
    if (event.shiftKey && (active === first || active === this.heading)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
  }

  /* The screen's answers (or those named), fetched once for what is asked, with a retry on failure. */
  load() {
    const screen = (this.getAttribute("screen") || "").trim();
    const ids = (this.getAttribute("answers") || "").split(",").map((id) => id.trim()).filter(Boolean);
    const wanted = ids.length ? `answers:${ids.join(",")}` : `screen:${screen}`;
    if (wanted === this.shown) return;
    this.shown = wanted;
    this.questions.replaceChildren();
    this.heading.textContent = "Help";
    this.setStatus("Loading help…");
    const timeout = this.timeout;
    /* An unknown id is left out with a warning; only when none is known does the panel say so. */
    const request = ids.length
      ? Promise.all(ids.map((id) => fetchAnswer(id, timeout).catch((error) => {
          if (error instanceof NotFound) { console.warn(`help-centre-panel: no answer with the id "${id}"`); return null; }
          throw error;
        }))).then((answers) => {
          if (!answers.some(Boolean)) throw new NotFound(ids.join(","));
          return { title: "", answers: answers.filter(Boolean) };
        })
      : ID.test(screen) ? fetchJson(`api/screens/${screen}.json`, timeout).then(checked(`api/screens/${screen}.json`, isScreen))
        : Promise.reject(new NotFound(screen));
    request.then((data) => {
      if (this.shown !== wanted) return;
      this.setStatus("");
      this.heading.textContent = data.title ? `Help: ${data.title}` : "Help";
      const unique = [...new Map(data.answers.map((answer) => [answer.id, answer])).values()];
      if (unique.length) {
        this.questions.append(el("h3", { textContent: "Questions about this page" }),
          this.list(unique.map((answer) => ({ ...answer, body: () => Promise.resolve(answer) }))));
      }
    }, (error) => {
      if (this.shown !== wanted) return;
      if (error instanceof NotFound) {
        console.warn(ids.length ? `help-centre-panel: the help centre knows none of the answers "${ids.join(",")}"`
          : `help-centre-panel: the help centre knows no screen "${screen}"; use an id from its portal-screens.yml`);
        this.setStatus(el("p", {}, "There is no help written for this page yet. Search below, or ",
          newTab(BASE.href, "open the help centre"), "."), true);
      } else {
        this.shown = null;  /* asked again on retry, or on the next change */
        this.offline(() => this.load());
      }
    });
  }

  setStatus(content, problem = false) {
    this.status.replaceChildren(content);
    this.status.classList.toggle("problem", problem);
  }

  /* Questions that open to their answers; `body()` gives the answer's HTML when opened. */
  list(items) {
    return el("ul", { className: "list" }, ...items.map((answer) => {
      const text = el("div", { className: "answer" });
      const summary = el("summary", {}, ...(answer.result ? resultTitle(answer.result) : [answer.title]));
      const details = el("details", {}, summary, text,
        el("p", { className: "go" }, newTab(new URL(`go/${answer.id}/`, BASE).href,
          "Open this answer in the help centre")));
      let shown = false;
      const failed = (error) => {
        shown = error instanceof CannotParse;  /* refused by the page's policy: asking again will not help */
        text.replaceChildren(error instanceof CannotParse ? "This answer cannot be shown inside this page. "
          : "This answer cannot be loaded right now. ",
          newTab(new URL(`go/${answer.id}/`, BASE).href, "Read it in the help centre"), ".");
      };
      const fill = () => {
        if (shown || !details.open) return;
        shown = true;
        text.replaceChildren("Loading…");
        answer.body().then((full) => text.replaceChildren(sanitize(full.html))).catch(failed);
      };
      details.addEventListener("toggle", fill);
      if (answer.html) {
        shown = true;
        try { text.append(sanitize(answer.html)); } catch (error) { failed(error); }
      }
      return el("li", {}, details);
    }));
  }

  /* The site's own search, with its typo tolerance, stemming and meanings; typing goes on meanwhile. */
  find() {
    const query = this.field.value.trim();
    if (!query) { this.results.replaceChildren(); return; }
    const timeout = this.timeout;
    searchEngine(timeout).then((engine) => engine.query(query)).then((found) => {
      if (this.field.value.trim() !== query) return;  /* a newer query is on its way */
      const items = found.slice(0, 6).map((result) => ({
        id: result.id, result: result.title, body: () => fetchAnswer(result.id, timeout) }));
      this.results.dataset.query = query;  /* which query the results answer */
      this.results.replaceChildren(el("p", { className: "count", textContent: items.length
        ? `${items.length} answer${items.length === 1 ? "" : "s"} found` : "No answer found. IT support can help." }),
        ...(items.length ? [this.list(items)] : []));
      /* The results sit under the box: bring the box to the top so the reader sees them while typing. */
      if (this.shadowRoot.activeElement === this.field) {
        const body = this.field.closest(".body");
        body.scrollTop += this.field.closest("form").getBoundingClientRect().top - body.getBoundingClientRect().top;
      }
    }, () => {
      if (this.field.value.trim() !== query) return;
      const retry = el("button", { type: "button", className: "retry", textContent: "Try the search again" });
      retry.addEventListener("click", () => { this.field.focus(); this.find(); });
      this.results.replaceChildren(el("p", {}, "The search cannot reach the help centre right now."), retry);
    });
  }

  offline(retryWith) {
    const retry = el("button", { type: "button", className: "retry", textContent: "Try again" });
    retry.addEventListener("click", () => { this.heading.focus(); retryWith(); });
    this.setStatus(el("div", {}, el("p", {}, "The help centre cannot be reached right now. ",
      newTab(BASE.href, "Try the help centre"),
      ...(SUPPORT ? [" or call IT support on ", el("a", { href: SUPPORT.phone_href, textContent: SUPPORT.phone }),
        "."] : ["."])), retry), true);
  }

  showSupport() {
    const support = SUPPORT;
    if (!support) return;
    const status = el("p", { className: "open-now" });
    try {
      const now = supportStatus(support.schedule, new Date());
      status.textContent = now.text;
      status.classList.toggle("is-open", now.open);
    } catch { status.hidden = true; }
    this.support.replaceChildren(el("h3", { textContent: "Contact IT support" }),
      el("p", {}, "Call ", el("a", { href: support.phone_href, textContent: support.phone }), `. ${support.menu}`),
      el("p", { textContent: `Open ${support.hours}.${support.closed_days ? ` ${support.closed_days}` : ""}` }),
      status,
      el("p", {}, "Email ", el("a", { href: support.email_href, textContent: support.email })));
  }
}

if (!customElements.get("help-centre-panel")) customElements.define("help-centre-panel", HelpCentrePanel);
