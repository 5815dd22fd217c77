/*
 * <help-centre-panel>: the help centre inside the portal.
 *
 *   <script type="module" src="https://<help centre>/widget/help-centre.js"></script>
 *   <help-centre-panel screen="my-claims"></help-centre-panel>   (or answers="id1,id2")
 *
 * A "Help" button opens a panel beside the page (a disclosure, not a dialog: Escape closes it
 * and returns to the button): the screen's questions, each opening to its answer, a search of
 * every answer, and IT support's contact with whether they are open now. The answers are
 * fetched from the help centre when the panel first opens, without cookies; nothing is
 * stored, nothing is sent anywhere else, and answer HTML is rebuilt through an allowlist.
 * Styles live in a shadow root, themable with --help-centre-* custom properties.
 */
import { supportStatus } from "../assets/javascripts/support-status.js";

const BASE = new URL("../", import.meta.url);
const SUPPORT = /* support.yml, written by the build */ null;
const TAGS = new Set(["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "code", "kbd", "pre", "blockquote",
  "h3", "h4", "h5", "h6", "a", "span", "div", "mark", "small", "sub", "sup", "hr", "table", "thead", "tbody", "tr",
  "th", "td"]);
const DROP = new Set(["script", "style", "template", "iframe", "object", "embed", "svg", "math", "form", "input",
  "button", "select", "textarea", "noscript", "img", "video", "audio", "link", "meta"]);
const SCHEMES = ["https:", "http:", "mailto:", "tel:"];
let data = null;

/* Everything the panel needs, fetched once, when the panel first opens. */
function load() {
  data = data || Promise.all(["api/faq.json", "api/screens.json"].map((path) =>
    fetch(new URL(path, BASE), { credentials: "omit", referrerPolicy: "no-referrer" }).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    }))).then(([faq, screens]) => build(faq, screens));
  data.catch(() => { data = null; });  /* the next opening tries again */
  return data;
}

function build(faq, screens) {
  const answers = new Map();
  const add = (item, aliases) => [item.id, ...aliases].forEach((id) => answers.set(id, item));
  for (const entry of faq.entries) {
    add(item(entry.id, entry.question, entry.answer_html, entry.keywords), entry.aliases);
  }
  for (const guide of faq.guides) {
    const html = `<p>${escape(guide.summary)}</p>` +
      guide.sections.map((s) => `<h4>${escape(s.title)}</h4>${s.html}`).join("");
    add(item(guide.id, guide.title, html, guide.keywords), guide.aliases);
    for (const section of guide.sections) {
      add(item(section.id, `${guide.title}: ${section.title}`, section.html, guide.keywords), []);
    }
  }
  return { answers, screens: new Map(screens.screens.map((s) => [s.id, s])), support: screens.support };
}

function item(id, title, html, keywords) {
  const text = new DOMParser().parseFromString(html, "text/html").body.textContent;
  return { id, title, html, head: words(`${title} ${keywords.join(" ")}`), text: fold(text) };
}

const fold = (text) => text.toLowerCase().normalize("NFC");
const words = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/* Answers with every word of the query, those naming it in their question or keywords first. */
function search(answers, query) {
  const terms = words(query).filter((term) => term.length > 1);
  if (!terms.length) return [];
  const scored = new Map();
  for (const answer of answers.values()) {
    let score = 0;
    for (const term of terms) {
      const inHead = answer.head.some((word) => word.startsWith(term));
      if (!inHead && !answer.text.includes(term)) { score = 0; break; }
      score += inHead ? 3 : 1;
    }
    if (score) scored.set(answer.id, [score, answer]);
  }
  return [...scored.values()].sort((a, b) => b[0] - a[0]).slice(0, 6).map(([, answer]) => answer);
}

/* Answer HTML rebuilt element by element: only the allowed tags, only safe links, no attributes. */
function sanitize(html) {
  const out = document.createDocumentFragment();
  copy(new DOMParser().parseFromString(html, "text/html").body, out);
  return out;
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

let panels = 0;

class HelpCentrePanel extends HTMLElement {
  static observedAttributes = ["screen", "answers"];

  constructor() {
    super();
    const id = `hc-panel-${++panels}`;
    const root = this.attachShadow({ mode: "open" });
    this.button = el("button", { type: "button", className: "open", textContent: "Help with this page" });
    this.button.setAttribute("aria-expanded", "false");
    this.button.setAttribute("aria-controls", id);
    this.heading = el("h2", { id: `${id}-title`, textContent: "Help" });
    this.close = el("button", { type: "button", className: "close", textContent: "Close" });
    this.close.setAttribute("aria-label", "Close help");
    this.status = el("p", { className: "status" });
    this.status.setAttribute("role", "status");
    this.questions = el("div", { className: "questions" });
    this.field = el("input", { type: "search", id: `${id}-search`, autocomplete: "off" });
    this.results = el("div", { className: "results" });
    this.results.setAttribute("aria-live", "polite");
    this.support = el("section", { className: "support" });
    const form = el("form", { className: "search" },
      el("label", { htmlFor: `${id}-search`, textContent: "Search the help centre" }), this.field);
    form.setAttribute("role", "search");
    this.panel = el("section", { id, className: "panel", hidden: true },
      el("div", { className: "head" }, this.heading, this.close),
      el("div", { className: "body" }, this.status, this.questions, form, this.results, this.support,
        el("p", { className: "more" }, el("a", { href: BASE.href, target: "_blank", rel: "noopener noreferrer",
          textContent: "Open the help centre" }))));
    this.panel.setAttribute("role", "region");
    this.panel.setAttribute("aria-labelledby", this.heading.id);
    root.append(el("link", { rel: "stylesheet", href: new URL("help-centre.css", import.meta.url).href }),
      this.button, this.panel);

    this.button.addEventListener("click", () => this.toggle(this.panel.hidden));
    this.close.addEventListener("click", () => this.toggle(false));
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.stopPropagation(); this.toggle(false); }
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); this.find(); });
    let timer = 0;
    this.field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => this.find(), 200); });
    this.showSupport(SUPPORT);
  }

  attributeChangedCallback() {
    if (this.data) this.render();
  }

  toggle(open) {
    this.panel.hidden = !open;
    this.button.setAttribute("aria-expanded", String(open));
    if (!open) { this.button.focus(); return; }
    this.heading.tabIndex = -1;
    this.heading.focus();
    if (this.data) return;
    this.status.textContent = "Loading help…";
    load().then((data) => { this.data = data; this.status.textContent = ""; this.render(); }, () => this.offline());
  }

  render() {
    const { answers, screens, support } = this.data;
    const screen = screens.get(this.getAttribute("screen") || "");
    const ids = (this.getAttribute("answers") || "").split(",").map((id) => id.trim()).filter(Boolean);
    const chosen = [...new Set((ids.length ? ids : screen ? screen.answers : []).map((id) => answers.get(id))
      .filter(Boolean))];
    this.heading.textContent = screen ? `Help: ${screen.title}` : "Help";
    this.questions.replaceChildren();
    if (chosen.length) {
      this.questions.append(el("h3", { textContent: "Questions about this page" }), this.list(chosen));
    }
    this.showSupport(support);
  }

  list(items) {
    return el("ul", { className: "list" }, ...items.map((answer) => el("li", {},
      el("details", {}, el("summary", { textContent: answer.title }),
        el("div", { className: "answer" }, sanitize(answer.html)),
        el("p", { className: "go" }, el("a", { href: new URL(`go/${answer.id}/`, BASE).href, target: "_blank",
          rel: "noopener noreferrer", textContent: "Open this answer in the help centre" }))))));
  }

  find() {
    const query = this.field.value.trim();
    if (!this.data || !query) { this.results.replaceChildren(); return; }
    const found = search(this.data.answers, query);
    this.results.replaceChildren(el("p", { className: "count", textContent: found.length
      ? `${found.length} answer${found.length === 1 ? "" : "s"} found` : "No answer found. IT support can help." }),
      ...(found.length ? [this.list(found)] : []));
  }

  offline() {
    this.status.replaceChildren("The help centre cannot be reached right now. ",
      el("a", { href: BASE.href, target: "_blank", rel: "noopener noreferrer", textContent: "Try the help centre" }),
      ...(SUPPORT ? [" or call IT support on ", el("a", { href: SUPPORT.phone_href, textContent: SUPPORT.phone }),
        "."] : ["."]));
  }

  showSupport(support) {
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
