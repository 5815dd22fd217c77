"""A keyboard-only reader walking pages by Tab and Shift+Tab, for any browser driver.

`walk_pages` drives a browser through two small callables, so Playwright and Selenium can
both use it: `press(key)` sends one key ("Tab", "Shift+Tab", "Escape") to the page, and
`evaluate(script)` runs a JavaScript function body in the page and returns its value.
At every stop it records where focus is and fails on what a keyboard reader would meet:
- focus on nothing (the page itself) or on something not shown (no size, hidden,
  transparent, off screen or clipped away);
- focus hidden under the sticky header or anything else drawn over it [WCAG 2.4.11];
- Escape dropping focus on the page itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# Where focus is, as a keyboard reader would see it. A radio button of a content tab is
# drawn by its label, so the label is what must be visible.
FOCUS_PROBE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) {
    return {onPage: true, name: String(element && element.tagName)};
  }
  const shown = (element.labels && element.labels.length && element.getBoundingClientRect().width < 2)
    ? element.labels[0] : element;
  const box = shown.getBoundingClientRect();
  const name = (element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " " +
    (element.getAttribute("aria-label") || shown.textContent || element.getAttribute("href") || "")
  ).replace(/\\s+/g, " ").trim().slice(0, 80);
  const visible = box.width >= 1 && box.height >= 1 &&
    shown.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const inView = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  const header = document.querySelector(".md-header");
  const inHeader = !!header && header.contains(element);
  const headerBottom = header ? header.getBoundingClientRect().bottom : 0;
  const atTop = box.top < headerBottom - 1 ?
    document.elementFromPoint(Math.min(Math.max(box.left + 2, 0), innerWidth - 1), Math.max(box.top + 1, 0)) : null;
  const underHeader = !inHeader && !!atTop && header.contains(atTop);
  /* What is drawn at the middle of the visible part: the element, its label or its
     content, or something else over it. */
  let top = Math.max(box.top, inHeader ? 0 : headerBottom), bottom = Math.min(box.bottom, innerHeight);
  if (top >= bottom) { top = box.top; bottom = box.bottom; }  /* drawn over the header itself */
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max((top + bottom) / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const ours = (node) => !!node && (node === element || element.contains(node) || node.contains(element) ||
    shown.contains(node) || (element.labels && Array.from(element.labels).some((l) => l.contains(node))));
  const covered = !ours(hit);
  return {onPage: false, name, visible, inView, underHeader, covered,
          coveredBy: covered && hit ? hit.tagName.toLowerCase() + "." + String(hit.className).split(" ")[0] : "",
          id: element.id || "", key: name + "@" + Math.round(box.top + scrollY) + "," + Math.round(box.left)};
}"""


@dataclass
class Walk:
    """What one walk of one page met: the stops in order and the problems found."""

    page: str
    direction: str
    stops: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def walk_page(*, page: str, press: Callable[[str], None], evaluate: Callable[[str], object],
              backwards: bool = False, limit: int = 250, escape_every_stop: bool = True) -> Walk:
    """Tab (or Shift+Tab) through the page once round, checking every stop.

    The page must be freshly loaded, with nothing focused. The walk ends when a stop
    comes round again or after `limit` presses.
    """
    key = "Shift+Tab" if backwards else "Tab"
    walk = Walk(page=page, direction="backwards" if backwards else "forwards")
    seen: set[str] = set()
    for _ in range(limit):
        press(key)
        stop = evaluate(FOCUS_PROBE)
        if stop["onPage"]:
            if walk.stops:  # past the last stop focus leaves for the browser: a full round
                break
            continue
        if stop["key"] in seen:
            break
        seen.add(stop["key"])
        walk.stops.append(stop["name"])
        where = f"{page} ({walk.direction}, stop {len(walk.stops)}: {stop['name']!r})"
        if not stop["visible"] or not stop["inView"]:
            walk.problems.append(f"{where}: focus is on something not shown")
        elif stop["underHeader"]:
            walk.problems.append(f"{where}: focus is under the sticky header")
        elif stop["covered"]:
            walk.problems.append(f"{where}: focus is covered by {stop['coveredBy']}")
        if escape_every_stop:
            press("Escape")
            after = evaluate(FOCUS_PROBE)
            if after["onPage"]:
                walk.problems.append(f"{where}: Escape left focus on the page itself")
                break
    else:
        walk.problems.append(f"{page} ({walk.direction}): no full round in {limit} presses")
    if len(walk.stops) < 3:
        walk.problems.append(f"{page} ({walk.direction}): only {len(walk.stops)} stops: the walk is not looking")
    return walk


def walk_pages(urls: list[str], *, open_page: Callable[[str], None], press: Callable[[str], None],
               evaluate: Callable[[str], object]) -> list[Walk]:
    """Walk every page forwards and then backwards, each from a fresh load."""
    walks = []
    for url in urls:
        for backwards in (False, True):
            open_page(url)
            walks.append(walk_page(page=url, press=press, evaluate=evaluate, backwards=backwards))
    return walks


def playwright_driver(page) -> dict[str, Callable]:
    """`open_page`, `press` and `evaluate` for a Playwright page: loaded, scripts in, settled."""

    def open_page(url: str) -> None:
        page.goto(url)
        page.wait_for_function("() => document.documentElement.hasAttribute('data-hc-ready')")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")

    def press(key: str) -> None:
        page.keyboard.press(key)
        # Let scrolling, Material's handlers and their transitions finish.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")

    return {"open_page": open_page, "press": press, "evaluate": page.evaluate}
