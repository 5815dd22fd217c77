"""Writes the payload corpus once; committed as data. Not part of the tests."""
import random, yaml
from pathlib import Path

HERE = Path(__file__).resolve().parent

ACTIONS = ["alert(1)", "window.__xss=1", "fetch('CANARY/f')", "confirm(1)", "window.__xss=document.domain"]
def act(i): return ACTIONS[i % len(ACTIONS)]

fam = {}
def add(family, text):
    if text not in fam.get(family, []): fam.setdefault(family, []).append(text)

for i, a in enumerate(ACTIONS):
    # the issue's 13, in their families
    add("code-span-across-blank-line", f"`a\n\n<script>{a}</script>`")
    add("code-span-across-blank-line", f"`<img src=x onerror=\"{a}\">\n\nb`")
    add("code-span-blank-line-in-blockquote", f"> `x\n>\n> <script>{a}</script>`")
    add("code-span-blank-line-in-blockquote", f"> `<img src=x onerror={a}>\n\n> `")
    add("code-span-in-raw-html", f"<div>`<script>{a}</script>`</div>")
    add("code-span-in-raw-html", f"<span>`<img src=x onerror=\"{a}\">`</span>")
    add("code-span-in-raw-html", f"<p>``<svg onload={a}>``</p>")
    add("html-comment-variants", f"<!-->\n<script>{a}</script>")
    add("html-comment-variants", f"<!--->\n<img src=x onerror={a}>")
    add("html-comment-variants", f"<!-- --!>\n<script>{a}</script>")
    add("html-comment-variants", f"<!-- x --!><img src=x onerror=\"{a}\">")
    add("unknown-fence-info-string", f"```foo bar\n<script>{a}</script>\n```")
    add("unknown-fence-info-string", f"~~~{{.x onclick={a}}}\n<img src=x onerror={a}>\n~~~")
    add("unknown-fence-info-string", f"```js\"><script>{a}</script>\n```")
    add("escaped-backtick", f"\\`<img src=x onerror=\"{a}\">`")
    add("escaped-backtick", f"\\``<script>{a}</script>`")
    # classic filter evasion
    add("script-element", f"<script>{a}</script>")
    add("script-element", f"<SCRIPT>{a}</SCRIPT>")
    add("script-element", f"<script type=\"module\">{a}</script>")
    add("script-element", f"<script\n>{a}</script\n>")
    add("script-element", f"<scr<script>ipt>{a}</scr</script>ipt>")
    add("event-handler", f"<img src=x onerror=\"{a}\">")
    add("event-handler", f"<svg onload=\"{a}\"></svg>")
    add("event-handler", f"<details open ontoggle=\"{a}\"><summary>x</summary></details>")
    add("event-handler", f"<body onload=\"{a}\">")
    add("event-handler", f"<div onmouseover=\"{a}\" id=xss-hover>hover</div>")
    add("event-handler", f"<img/src=x/onerror={a}>")
    add("event-handler", f"<input autofocus onfocus=\"{a}\">")
    add("script-url", f"[click](javascript:{a})")
    add("script-url", f"[click](JaVaScRiPt:{a})")
    add("script-url", f"[click](  javascript:{a})")
    add("script-url", f"[click][r]\n\n[r]: javascript:{a}")
    add("script-url", f"<javascript:{a}>")
    add("script-url", f"<a href=\"&#106;avascript:{a}\">x</a>")
    add("script-url", f"<a href=\"java\tscript:{a}\">x</a>")
    add("script-url", f"[x](data:text/html,<script>{a}</script>)")
    add("attribute-list", f"# Heading {{ onclick=\"{a}\" }}")
    add("attribute-list", f"text\n{{: onmouseover=\"{a}\" }}")
    add("attribute-list", f"[x](https://example.com){{ onclick={a} }}")
    add("attribute-list", f"![x](x.png){{ onerror=\"{a}\" }}")
    add("attribute-list", f"para {{ href=\"javascript:{a}\" }}")
    add("markdown-in-html", f"<div markdown=\"1\">\n\n<script>{a}</script>\n\n</div>")
    add("markdown-in-html", f"<div markdown>\n`x\n\n<img src=x onerror={a}>`\n</div>")
    add("markdown-in-html", f"<details markdown=\"1\" open ontoggle=\"{a}\"><summary>x</summary></details>")
    add("mutation-xss", f"<noscript><p title=\"</noscript><img src=x onerror={a}>\">")
    add("mutation-xss", f"<svg><style><img src=x onerror={a}></style></svg>")
    add("mutation-xss", f"<math><mtext><table><mglyph><style><img src=x onerror={a}>")
    add("mutation-xss", f"<template><script>{a}</script></template>")
    add("mutation-xss", f"<textarea></textarea><img src=x onerror={a}>")
    add("mutation-xss", f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={a}>")
    add("embedding", f"<iframe srcdoc=\"<script>{a}</script>\"></iframe>")
    add("embedding", f"<object data=\"javascript:{a}\"></object>")
    add("embedding", f"<embed src=\"javascript:{a}\">")
    add("embedding", f"<iframe src=\"javascript:{a}\"></iframe>")
    add("embedding", f"<base href=\"javascript:{a}//\"><a href=x>x</a>")
    add("embedding", f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{a}\">")
    add("embedding", f"<form action=\"javascript:{a}\"><button>go</button></form>")
    add("embedding", f"<link rel=stylesheet href=\"CANARY/css\">")
    add("embedding", f"<img src=\"CANARY/img\">")
    add("style-and-css", f"<style>@import 'CANARY/s';</style>")
    add("style-and-css", f"<p style=\"background:url(CANARY/bg)\">x</p>")
    add("style-and-css", f"<div style=\"x:expression({a})\">x</div>")
    add("dom-clobbering", f"<span id=\"hc-scripts\"></span><img src=x onerror={a}>")
    add("dom-clobbering", f"<form id=\"__config\"><input name=\"textContent\"></form>")
    add("dom-clobbering", f"<a id=\"__search\" href=\"javascript:{a}\">x</a>")
    add("entity-obfuscation", f"&lt;script&gt;{a}&lt;/script&gt;")
    add("entity-obfuscation", f"<img src=x onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">")
    add("entity-obfuscation", f"<a href=\"&#x6A;avascript&#x3A;{a}\">x</a>")
    add("entity-obfuscation", f"\\<script>{a}\\</script>")
    add("entity-obfuscation", f"&#60;script&#62;{a}&#60;/script&#62;")
    add("snippet-and-id-link-tricks", f"{{{{ <script>{a}</script> }}}}")
    add("snippet-and-id-link-tricks", f"[x](id:<script>{a}</script>)")
    add("snippet-and-id-link-tricks", f"[[<img src=x onerror={a}>]]")
    add("snippet-and-id-link-tricks", f"[[`<script>{a}</script>`]]")
    add("admonition-and-tabs", f"!!! note \"<img src=x onerror={a}>\"\n    x")
    add("admonition-and-tabs", f"??? \"x\" onclick=\"{a}\"\n    y")
    add("admonition-and-tabs", f"=== \"<script>{a}</script>\"\n\n    tab")
    add("admonition-and-tabs", f"!!! note\n    `a\n\n    <script>{a}</script>`")

rng = random.Random(21)
tuning, heldout = [], []
for family, texts in fam.items():
    items = [{"family": family, "text": t} for t in texts]
    rng.shuffle(items)
    half = len(items) // 2
    tuning += items[:half]; heldout += items[half:]
def dump(items, name, note):
    for n, item in enumerate(items): item["id"] = f"{name[0]}{n:03d}"
    body = yaml.safe_dump([{"id": i["id"], "family": i["family"], "text": i["text"]} for i in items],
                          allow_unicode=True, sort_keys=False, width=1000)
    (HERE / f"payloads-{name}.yml").write_text(note + body, encoding="utf-8")
note = ("# Payloads an editor could write into content. Each must be refused by `check` or be\n"
        "# inert in Chromium wherever content enters (tests/test_xss_corpus.py). CANARY stands\n"
        "# for a local server that must receive no request.\n")
dump(tuning, "tuning", note + "# The half the sanitizer's allowlist was tuned on.\n")
dump(heldout, "heldout", note + "# The held-out half: never tuned on; its figures predict what an attacker meets.\n")
print(len(tuning), len(heldout), {k: len(v) for k, v in fam.items()})
