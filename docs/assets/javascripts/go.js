/* A go/<id>/ short link: open the answer it names at once, without an entry in the
   history. It runs before the page's <meta http-equiv="refresh">, which does the same where
   scripts do not run; only one of them navigates. */
(function () {
  "use strict";
  var target = document.currentScript && document.currentScript.getAttribute("data-target");
  if (target) location.replace(new URL(target, location.href).href);
})();
