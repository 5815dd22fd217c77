"""Where content lives in the site: page paths and the navigation, as plain data."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import HelpCentre

HOME_PAGE = "index.md"
# Up to this many categories, every page's menu lists them all. A larger help centre lists
# only the home page and the reader's own category, so a page weighs the same at 10 or
# 1,000 categories; its home page still lists every category.
MENU_ALL_CATEGORIES = 30


def category_page(category_id: str) -> str:
    """Source path of a category's page: its questions and links to its guides."""
    return f"{category_id}/index.md"


def guide_page(category_id: str, guide_id: str) -> str:
    """Source path of a guide's own page, inside its category."""
    return f"{category_id}/{guide_id}.md"


def page_url(src_uri: str) -> str:
    """The URL of a page relative to the site root, as MkDocs writes it: 'documents/upload-file/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def menu_lists_all_categories(category_count: int) -> bool:
    """Whether each page's menu can list every category (see MENU_ALL_CATEGORIES)."""
    return category_count <= MENU_ALL_CATEGORIES


def navigation(help_centre: HelpCentre) -> list[dict]:
    """The site navigation: home, then one section per category with its guides."""
    nav: list[dict] = [{"Home": HOME_PAGE}]
    for category in help_centre.categories:
        guides = help_centre.guides_in(category.id)
        if not guides:
            nav.append({category.title: category_page(category.id)})
            continue
        children: list = [category_page(category.id)]
        children.extend({guide.title: guide_page(category.id, guide.id)} for guide in guides)
        nav.append({category.title: children})
    return nav
