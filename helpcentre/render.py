"""Turn the content model into Markdown pages: snippets filled in, id links resolved.

Every answer gets its own heading with its id written as `{#id}` (attr_list), so MkDocs
validates the anchors and Material's search makes each answer its own result.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from datetime import date

from .fragments import mark_body
from .model import (WEEKDAYS, Body, Category, Entry, Guide, HelpCentre, Section, SupportContact,
                    date_in_words)
from .schedule import closed_days_in_words
from .site import category_page, guide_page, page_url

# (\0 never occurs in content; the checker joins texts with it and scans them in one go.)
SNIPPET_REF = re.compile(r"\{\{\s*([^{}\s\0]*)\s*\}\}")
ID_LINK = re.compile(r"\]\(id:([^)\s\0]*)\)")
# Words the customer sees on screen (buttons, links, tabs), written [[My Claims]].
SCREEN_LABEL = re.compile(r"\[\[([^\[\]\n\0]+?)\]\]")
# How deep snippets may use snippets; `check` refuses deeper chains with their names.
MAX_SNIPPET_DEPTH = 8
BUILTIN_SNIPPETS = ("phone", "phone-menu", "hours", "email", "support-contact", "categories")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the help centre writes: its source path, title and Markdown."""

    src_uri: str
    title: str
    markdown: str


def builtin_snippets(support: SupportContact, *, today: date | None = None) -> dict[str, str]:
    """The snippets that come from support.yml, as Markdown.

    `support-contact` is the whole contact: phone with the menu, opening hours with the
    closed days still to come after `today` (the build date), a status line the page
    script fills in ("Open now — until 16:00"), and the email address.
    """
    snippets = {
        "phone": f"[{support.phone_display}]({support.phone_href})",
        "phone-menu": support.menu_in_words(),
        "hours": support.hours.in_words(),
        "email": f"[{support.email}]({support.email_href})",
    }
    context = support_context(support, today=today or date.today())
    closed = f" Closed on {context['closed_days']}." if context["closed_days"] else ""
    snippets["support-contact"] = "\n\n".join([
        f"Call IT support on {snippets['phone']}. {snippets['phone-menu']}",
        f"IT support is open {snippets['hours']}.{closed}",
        f'<p class="hc-support__status" data-support-status data-schedule="{html.escape(context["schedule"])}" '
        'hidden></p>',
        f"If you experience other technical errors, or a family member is missing from your family "
        f"overview, email IT support at {snippets['email']}.",
    ])
    return snippets


class Renderer:
    """Renders one build's content; create a new one for every build.

    Links by id become relative links to Markdown pages, which MkDocs checks and turns
    into URLs; with `link_base` (for the JSON API) they become absolute URLs instead.
    """

    def __init__(self, help_centre: HelpCentre, *, link_base: str | None = None,
                 feedback: bool = False, today: date | None = None) -> None:
        self.help_centre = help_centre
        self.link_base = link_base
        self.feedback = feedback  # show "Was this helpful?" (only where answers are received)
        self._snippets = builtin_snippets(help_centre.support, today=today)
        for name, snippet in help_centre.snippets.items():
            self._snippets[name] = snippet.text or _numbered(snippet.steps)

    # -- text -------------------------------------------------------------------------

    def expand(self, text: str, page: str) -> str:
        """Fill in snippets and turn `(id:x)` links into links relative to `page`."""
        def link(match: re.Match[str]) -> str:
            known = match.group(1) in self.help_centre.targets  # unknown ids were reported by check
            return f"]({self.link(match.group(1), page)})" if known else match.group(0)

        filled = SCREEN_LABEL.sub(lambda m: f'<strong class="hc-ui">{m.group(1).strip()}</strong>', self._fill(text, page))
        return ID_LINK.sub(link, filled)

    def _fill(self, text: str, page: str, depth: int = 0) -> str:
        if depth > MAX_SNIPPET_DEPTH + 2:  # check refuses deeper chains and cycles; this guards against a bug
            raise RecursionError(f"snippets nest more than {MAX_SNIPPET_DEPTH} levels deep")

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "categories":
                return self.category_cards(page)
            if name not in self._snippets:  # reported by check; left visible, never guessed
                return match.group(0)
            return self._fill(self._snippets[name], page, depth + 1)

        return SNIPPET_REF.sub(replace, text)

    def link(self, target_id: str, page: str) -> str:
        """A Markdown link target for an id, relative to the page it appears on."""
        target = self.help_centre.targets[target_id]
        if self.link_base is not None:
            return f"{self.link_base}{page_url(target.page)}#{target.anchor}"
        if target.page == page:
            return f"#{target.anchor}"
        path = posixpath.relpath(target.page, posixpath.dirname(page) or ".")
        return f"{path}#{target.anchor}"

    # -- blocks -----------------------------------------------------------------------

    def body(self, body: Body, page: str) -> str:
        """An answer's text, numbered steps, alternatives as tabs, and text after."""
        blocks: list[str] = []
        if body.answer:
            blocks.append(self.expand(body.answer, page).strip())
        if body.steps:
            blocks.append(self.expand(_numbered(body.steps), page))
        for alternative in body.alternatives:
            parts = []
            if alternative.answer:
                parts.append(self.expand(alternative.answer, page).strip())
            if alternative.steps:
                parts.append(self.expand(_numbered(alternative.steps), page))
            blocks.append(f'=== "{_quote(alternative.label)}"\n\n' + _indent("\n\n".join(parts), 4))
        if body.after:
            blocks.append(self.expand(body.after, page).strip())
        return "\n\n".join(blocks)

    def related(self, related: tuple[str, ...], page: str, *, level: int) -> str:
        """Links to related answers under a heading one level below the answer's own: a
        heading, so screen-reader users can jump to it, written as HTML before the list so
        that it gets no id and is neither a search section nor in the table of contents."""
        if not related:
            return ""
        targets = self.help_centre.targets
        items = "\n".join(f"- [{_link_text(targets[rid].title)}]({self.link(rid, page)})" for rid in related)
        heading = f'<h{level} class="hc-related__title">Related questions</h{level}>'
        return f'{heading}\n<div class="hc-related" markdown>\n\n{items}\n\n</div>'

    def category_cards(self, page: str) -> str:
        """Links to every category with its summary, for the home page."""
        cards = []
        for category in self.help_centre.categories:
            path = posixpath.relpath(category_page(category.id), posixpath.dirname(page) or ".")
            cards.append(
                f'<li markdown>[{_link_text(category.title)}]({path})\n'
                f'<span class="hc-card__summary">{_escape(category.summary)}</span></li>')
        return '<ul class="hc-cards" markdown>\n' + "\n".join(cards) + "\n</ul>"

    # -- pages ------------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        """Every generated page: one per category and one per guide."""
        pages = [self.category(category) for category in self.help_centre.categories]
        pages.extend(self.guide(guide) for guide in self.help_centre.guides)
        return pages

    def category(self, category: Category) -> GeneratedPage:
        page = category_page(category.id)
        parts = [_front_matter(category.title, category.summary),
                 f"# {_heading(category.title)} {{#{category.id}}}"]
        if category.summary:
            parts.append(f'<p class="hc-lead">{_escape(category.summary)}</p>')
        guides = self.help_centre.guides_in(category.id)
        if guides:
            items = "\n".join(
                f'<li markdown>[{_link_text(g.title)}]({posixpath.basename(guide_page(g.category, g.id))})\n'
                f'<span class="hc-card__summary">{_escape(g.summary)}</span></li>' for g in guides)
            parts.append('<ul class="hc-cards hc-cards--guides" markdown>\n' + items + "\n</ul>")
        for entry in self.help_centre.entries_in(category.id):
            parts.append(self.entry(entry, page))
        return GeneratedPage(page, category.title, "\n\n".join(parts) + "\n")

    def entry(self, entry: Entry, page: str) -> str:
        parts = [_heading_line(2, entry.question, entry.id, entry.aliases, answer=True),
                 mark_body(entry.id, self.body(entry.body, page)), _reviewed(entry.reviewed)]
        if self.feedback:
            parts.append(_feedback(entry.id))
        related = self.related(entry.related, page, level=3)
        if related:
            parts.append(related)
        return "\n\n".join(parts)

    def guide(self, guide: Guide) -> GeneratedPage:
        page = guide_page(guide.category, guide.id)
        parts = [_front_matter(guide.title, guide.summary),
                 _heading_line(1, guide.title, guide.id, guide.aliases, answer=True),
                 f'<p class="hc-lead">{_escape(guide.summary)}</p>', _reviewed(guide.reviewed)]
        parts.extend(self.section(section, page) for section in guide.sections)
        if self.feedback:
            parts.append(_feedback(guide.id))
        related = self.related(guide.related, page, level=2)
        if related:
            parts.append(related)
        return GeneratedPage(page, guide.title, "\n\n".join(parts) + "\n")

    def section(self, section: Section, page: str) -> str:
        heading = _heading_line(2, section.title, section.id, section.aliases, answer=True)
        return f"{heading}\n\n{mark_body(section.id, self.body(section.body, page))}"


def _heading_line(level: int, text: str, ident: str, aliases: tuple[str, ...], *, answer: bool) -> str:
    """A heading with its id, and an empty anchor inside it for every earlier id.

    `page#old-id` then lands on the same heading; MkDocs sees those ids when it checks anchors.
    """
    anchors = "".join(f'<span id="{alias}"></span>' for alias in aliases)
    classes = " .hc-answer" if answer else ""
    heading = f"{'#' * level} {_heading(text)}{anchors} {{#{ident}{classes}}}"
    # Room for the "Copy link" button the page script puts here, so nothing moves when it does.
    return heading + '\n\n<div class="hc-copy"></div>' if answer else heading


def _reviewed(day: str) -> str:
    """'Last reviewed 25 November 2026' (outside the answer's body: never searched)."""
    return (f'<p class="hc-reviewed">Last reviewed '
            f'<time datetime="{day}">{date_in_words(date.fromisoformat(day))}</time></p>')


def _feedback(answer_id: str) -> str:
    """'Was this helpful? Yes / No' for one answer; the page script sends the reply.

    Hidden until the script runs (without it the buttons could not send anything); outside
    the answer's body, so never searched.
    """
    question = f"hc-feedback-{answer_id}"
    return (f'<div class="hc-feedback" data-hc-answer="{answer_id}" role="group" '
            f'aria-labelledby="{question} {answer_id}">\n'
            f'<p class="hc-feedback__question" id="{question}">Was this helpful?</p>\n'
            '<div class="hc-feedback__buttons">'
            '<button type="button" class="hc-feedback__button" data-helpful="yes">Yes</button>'
            '<button type="button" class="hc-feedback__button" data-helpful="no">No</button></div>\n'
            '<p class="hc-feedback__message" role="status"></p>\n'
            '</div>')


def _numbered(steps: tuple[str, ...]) -> str:
    return "\n".join("1.  " + _indent(step.strip(), 4).lstrip() for step in steps)


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _front_matter(title: str, description: str) -> str:
    return f"---\ntitle: {_yaml_string(title)}\ndescription: {_yaml_string(description)}\n---"


def _yaml_string(text: str) -> str:
    """A YAML string for front matter, HTML-escaped: the theme writes title and description
    into <title> and <meta content="..."> as they are."""
    text = html.escape(text, quote=True)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]!])")


def _heading(text: str) -> str:
    """Heading text shown as written: no HTML, no '}' that attr_list would read, and no
    Markdown (a question's "[x](/y)" is words, not a link the build would refuse)."""
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
    return _escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _link_text(text: str) -> str:
    return _escape(text).replace("[", "\\[").replace("]", "\\]")


def _quote(text: str) -> str:
    return text.replace('"', "'")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def support_context(support: SupportContact, *, today: date) -> dict[str, str]:
    """The support contact as plain values for theme templates.

    `closed_days` names the listed closed days from `today` (the build date) on, in words,
    so readers without scripts learn of them too.

    `schedule` is what the page script needs to tell whether support is open now; the rules
    it applies are those of `schedule.support_status`.
    """
    hours = support.hours
    schedule = {"days": [WEEKDAYS.index(day) for day in hours.days], "opens": hours.opens,
                "closes": hours.closes, "timezone": hours.timezone, "closed": list(support.closed_dates)}
    return {
        "schedule": json.dumps(schedule, separators=(",", ":")),
        "closed_days": closed_days_in_words(support.closed_dates, today),
        "phone_display": support.phone_display,
        "phone_href": support.phone_href,
        "menu": support.menu_in_words(),
        "hours": support.hours.in_words(),
        "email": support.email,
        "email_href": support.email_href,
    }
