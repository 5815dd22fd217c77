/* A go/<id>/ short link: open the answer it names, without an entry in the history. The
   page's <meta http-equiv="refresh"> does the same where scripts do not run. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-hc-go]");
  if (link) location.replace(link.href);
})();
