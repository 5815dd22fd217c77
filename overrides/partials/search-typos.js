/*
 * Typo-tolerant search for Material for MkDocs.
 *
 * Material's search runs in a web worker and sends it each query as a message whose
 * `data` is the query string. Material offers no setting for fuzzy matching, but its
 * query syntax understands lunr's `word~1` (one letter wrong, missing, extra or swapped).
 * This script, loaded before Material's own, wraps the Worker constructor so that every
 * word of five or more letters is also sent as `word~1`. It relies only on the query
 * being a string message; if that ever changes, search still works, without typos.
 */
(function () {
  "use strict";
  /* Scripts run: the page may keep room for what they add (help-centre.css, .hc-copy). */
  document.documentElement.classList.add("hc-js");

  var NativeWorker = window.Worker;
  if (typeof NativeWorker !== "function") return;

  var EDGE_PUNCTUATION = /^['"‘’“”«»(]+|['"‘’“”«»).,;:!?]+$/g;

  function withTypoVariants(query) {
    if (/(^|\s)[+\-]|[~^*:]/.test(query)) return query;  /* the reader wrote lunr syntax */
    var words = query.trim().split(/\s+/);
    var variants = [];
    words.forEach(function (word) {
      var bare = word.replace(EDGE_PUNCTUATION, "");
      if (/^[\p{L}]{5,}$/u.test(bare)) variants.push(bare + "~1");
    });
    return variants.length ? words.concat(variants).join(" ") : query;
  }

  function HelpCentreWorker(url, options) {
    var worker = new NativeWorker(url, options);
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && typeof message.data === "string") {
        args[0] = Object.assign({}, message, { data: withTypoVariants(message.data) });
      }
      return post.apply(worker, args);
    };
    return worker;
  }
  HelpCentreWorker.prototype = NativeWorker.prototype;
  window.Worker = HelpCentreWorker;
  window.__helpCentreSearchQuery = withTypoVariants;  /* for tests and debugging */
})();
