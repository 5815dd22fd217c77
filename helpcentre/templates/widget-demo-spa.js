/* A single-page portal in a few lines: each screen is an address (?screen=<id>) reached
   with history.pushState; on every change the help panel is told the screen's id. */
const panel = document.querySelector("help-centre-panel");
const heading = document.querySelector("main h1");
const links = [...document.querySelectorAll(".portal-nav a[data-screen]")];

function showScreen(screen, { focus = false } = {}) {
  const current = links.find((link) => link.dataset.screen === screen) || links[0];
  links.forEach((link) => link.removeAttribute("aria-current"));
  current.setAttribute("aria-current", "page");
  heading.textContent = current.dataset.title;
  document.title = `${current.dataset.title} – a single-page demo of the help panel`;
  panel.setAttribute("screen", current.dataset.screen);
  if (focus) heading.focus();
}

for (const link of links) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState({ screen: link.dataset.screen }, "", link.href);
    showScreen(link.dataset.screen, { focus: true });
  });
}
addEventListener("popstate", () => showScreen(new URLSearchParams(location.search).get("screen")));
showScreen(new URLSearchParams(location.search).get("screen") || "my-claims");
