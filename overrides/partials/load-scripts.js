/*
 * Material's bundle and the help centre's script, loaded only after the first paint.
 *
 * As ordinary <script defer> tags they are found by the browser's preload scanner and
 * downloaded while the page is still being drawn, competing with the stylesheets for a
 * phone's slow connection; Lighthouse then counts them as part of the largest paint. Kept
 * in a <template> (inert: nothing in it is fetched), they are added in order once the page
 * has loaded and its largest paint is on screen, or at the reader's first touch or key,
 * whichever comes first. Material starts on DOMContentLoaded: if the page has passed it by
 * then, the event is sent again for it. Every answer is readable before any of this runs.
 */
(function () {
  "use strict";
  var template = document.getElementById("hc-scripts");
  if (!template || window.__hcScriptsLoading) return;
  window.__hcScriptsLoading = true;
  var started = false;

  function load() {
    if (started) return;
    started = true;
    var scripts = template.content.querySelectorAll("script[src]");
    var pending = scripts.length;
    Array.prototype.forEach.call(scripts, function (original) {
      var script = document.createElement("script");
      script.src = original.getAttribute("src");
      script.async = false;
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

  /* A reader who reaches for the page before then (a tap, a key, the search box) gets
     them at once. */
  ["pointerdown", "keydown", "focusin"].forEach(function (type) {
    document.addEventListener(type, load, { once: true, passive: true, capture: true });
  });

  if (document.readyState === "complete") afterPaint();
  else window.addEventListener("load", afterPaint, { once: true });
})();
