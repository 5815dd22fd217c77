/*
 * The help centre's search, as a web worker behind Material for MkDocs' search box.
 *
 * Material starts a worker named in the page's configuration and talks to it in messages:
 * SETUP (0) with the theme's search configuration, READY (1) back, QUERY (2) with what the
 * reader typed, RESULT (3) back with rows to show. This worker answers them from the help
 * centre's own index (helpcentre/searchindex.py): it downloads nothing until the reader
 * puts the cursor in the search box or types, then only the manifest, the vocabulary and
 * score files of the words asked for (at once with the manifest, while the stub lists
 * them; once a large index no longer lists its score files, after the vocabulary), and the
 * rows of the answers it shows, one small file each (while the help centre is small, every
 * row in one file the stub names, asked for with the manifest). It never asks for a file
 * that does not exist. Every file name carries a hash of content.
 *
 * The text rules (fold, words, stem, stop words) and the matching and scoring are those of
 * helpcentre/searchtext.py and helpcentre/searchquery.py, step for step; the tests hold the
 * two to the same results. Keep them in step.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var ROOT = new URL("../../", self.location.href);  /* this file is assets/javascripts/… */
  var MAX_EXPANSIONS = 30;
  /* The theme shows ten results before the reader scrolls; every further one costs the
     first search a file of rows to wait for (helpcentre/searchquery.py: RESULTS). */
  var MAX_RESULTS = 10;
  var SCORE_SCALE = 100;

  /* -- text: helpcentre/searchtext.py ------------------------------------------------ */

  var FOLD = { "æ": "ae", "ø": "o", "å": "a", "ß": "ss" };
  var APOSTROPHES = /(?<=[a-z0-9])['’‘`´](?=[a-z0-9])/g;
  var WORD = /[a-z0-9]+(?:-[a-z0-9]+)*/g;
  var ENDINGS = ["erne", "ere", "ene", "ede", "er", "en", "et", "ed", "e"];
  var VOWELS = "aeiouy";
  var STOP_WORDS = new Set((
    "a an the and or but if then so to of in on at by for from with without into onto about as " +
    "is are was were be been being am do does did doing have has had having i me my mine myself " +
    "you your yours we us our ours they them their he him his she her hers it its this that " +
    "these those there here what which who whom whose where when why how can could would should " +
    "shall will may might must please hi hello dear thanks thank just also very really some any " +
    "all each more most other such only own same than too up down out off over under again " +
    "further once get got not no nothing cannot cant wont dont doesnt didnt isnt need needs want " +
    "wants would like try trying tried able " +
    "og eller men at i pa af til fra med for om som er var har havde jeg mig min mit mine du " +
    "dig din dit dine vi os vores de dem deres han ham hans hun hendes den det der her hvad hvor " +
    "hvem hvordan hvorfor hvornar hvilken hvilke hvis kan kunne skal skulle vil ville ma matte " +
    "en et nogle noget sig sin sit sine jo nu sa ogsa bare lige hej tak ikke ingen intet gerne brug " +
    "bruge"
  ).split(" "));

  function fold(text) {
    text = text.toLowerCase().replace(/[æøåß]/g, function (c) { return FOLD[c]; });
    return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{Mn}/gu, "");
  }

  function surfaceWords(text) {
    var folded = fold(text).replace(APOSTROPHES, "");
    return (folded.match(WORD) || []).map(function (word) { return word.replace(/-/g, ""); });
  }

  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    if (word.endsWith("ies") && word.length > 4) {
      word = word.slice(0, -3) + "y";
    } else if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) {
      word = word.slice(0, -1);
    }
    for (var i = 0; i < ENDINGS.length; i++) {
      if (word.endsWith(ENDINGS[i]) && word.length - ENDINGS[i].length >= 3) {
        word = word.slice(0, -ENDINGS[i].length);
        break;
      }
    }
    if (word.endsWith("ing") && word.length >= 6) word = word.slice(0, -3);
    if (word.endsWith("y") && word.length > 3) word = word.slice(0, -1) + "i";
    var last = word.length - 1;
    if (word.length > 3 && word[last] === word[last - 1] && VOWELS.indexOf(word[last]) < 0) {
      word = word.slice(0, -1);
    }
    return word;
  }

  function isStopWord(word) {
    return STOP_WORDS.has(word) || (word.length === 1 && !/[0-9]/.test(word));
  }

  /* -- the index: fetched on first use, every file once -------------------------------- */

  var files = new Map();
  var index = null;  /* a promise of the manifest, read for lookups */
  var manifestPath = null;  /* "hc/index.<hash>.json"; the files it names sit beside it */

  /* From the stub: how vocabulary and score files are named, and (while their keys are
     short) which exist. */
  var wordFiles = null, scoreFiles = null;
  /* From the stub, while every answer's row is in one file: that file, asked for with the
     manifest instead of once the manifest has named it (one round trip sooner). */
  var allRows = null;
  var vocabularies = new Map();  /* vocabulary files read, by key */

  function inIndex(name) {
    return manifestPath.replace(/[^/]*$/, "") + name;
  }

  /* Which file holds a term: its first `length` characters; a concept's "~" is written "_"
     and does not count (helpcentre/searchindex.py: shard_key). */
  function shardKey(term, length) {
    if (term[0] === "~") return length ? "_" + term.slice(1, length + 1) : "";
    return term.slice(0, length);
  }

  /* The score file that holds `term` (helpcentre/searchindex.py names them). */
  function scoreFile(term) {
    return "t/" + (shardKey(term, scoreFiles.key) || "all") + "." + scoreFiles.version + ".json";
  }

  /* The key of the vocabulary file that holds `term`, or null: no word starts that way. */
  function wordsKey(term) {
    var key = shardKey(term, wordFiles.key);
    return wordFiles.keys.has(key) ? key : null;
  }

  /* The vocabulary files of these terms, read: each word's stem with the number of answers
     that have it, and the forms it is written in. */
  function loadWords(terms) {
    var keys = new Set();
    terms.forEach(function (term) {
      var key = wordsKey(term);
      if (key !== null && !vocabularies.has(key)) keys.add(key);
    });
    return Promise.all(Array.from(keys).map(function (key) {
      return load(inIndex("v/" + (key || "all") + "." + wordFiles.version + ".json")).then(function (data) {
        if (vocabularies.has(key)) return;
        var surfaces = new Map(), vocabulary = new Map();
        Object.keys(data).forEach(function (term) {
          vocabulary.set(term, data[term][0]);
          if (data[term][1]) data[term][1].split(" ").forEach(function (surface) { surfaces.set(surface, term); });
        });
        vocabularies.set(key, { vocabulary: vocabulary, surfaces: surfaces, sortedSurfaces: Array.from(surfaces.keys()).sort(),
                                numbers: Array.from(vocabulary.keys()).filter(isNumber).sort() });
      });
    }));
  }

  var NO_WORDS = { vocabulary: new Map(), surfaces: new Map(), sortedSurfaces: [], numbers: [] };

  function isNumber(word) { return /^[0-9]+$/.test(word); }

  /* The vocabulary file (read) that holds `term`, and every word that starts as it does. */
  function wordsOf(term) {
    var key = wordsKey(term);
    return key === null ? NO_WORDS : vocabularies.get(key);
  }

  /* The query's words that are read as clauses (helpcentre/searchquery.py: clauses). */
  function keptWords(words) {
    var kept = [];
    words.forEach(function (word, i) { if (!isStopWord(word)) kept.push(i); });
    if (!kept.length) {
      words.forEach(function (word, i) { if (word.length > 1 || /^[0-9]$/.test(word)) kept.push(i); });
    }
    return kept;
  }

  /* What the query's words need, fetched while the manifest is on its way: their
     vocabulary files and, while the stub lists score files, their scores. */
  function prefetch(query) {
    var typed = surfaceWords(query);
    if (allRows) load(allRows).catch(function () {});
    if (scoreFiles.keys) {
      /* and the number that groups of digits in a row may be read as */
      var numbers = typed.join(" ").match(/\b[0-9]+(?: [0-9]+)+\b/g) || [];
      typed.concat(numbers.map(function (run) { return run.replace(/ /g, ""); })).forEach(function (word) {
        var key = isStopWord(word) ? null : shardKey(stem(word), scoreFiles.key);
        if (key !== null && scoreFiles.keys.has(key)) load(inIndex(scoreFile(stem(word)))).catch(function () {});
      });
    }
    return loadWords(keptWords(typed).map(function (i) { return stem(typed[i]); }));
  }

  /* A long word nobody wrote may be two that somebody did: the vocabulary files of every
     way its end may be read (only where the index is split by first letter). */
  function compoundWords(query) {
    var typed = surfaceWords(query), terms = [];
    keptWords(typed).forEach(function (i) {
      var word = typed[i];
      if (!/^[a-z]+$/.test(word) || word.length < 7 || wordsOf(stem(word)).vocabulary.has(stem(word))) return;
      for (var cut = 3; cut < word.length - 2; cut++) terms.push(stem(word.slice(cut)));
    });
    return loadWords(terms);
  }

  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL("search/" + path, ROOT).href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        })
        .catch(function (error) { files.delete(path); throw error; }));
    }
    return files.get(path);
  }

  function manifest() {
    if (!index) {
      index = load(manifestPath).then(function (data) {
        var phrasesByFirst = new Map(), conceptsFound = new Set();
        data.concepts.forEach(function (concept) {
          var first = concept[0][0][0];
          if (!phrasesByFirst.has(first)) phrasesByFirst.set(first, []);
          phrasesByFirst.get(first).push(concept);
          if (concept[2]) conceptsFound.add(concept[1]);
        });
        return { data: data, phrasesByFirst: phrasesByFirst, conceptsFound: conceptsFound };
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  /* -- reading the query: helpcentre/searchquery.py ------------------------------------ */

  /* Where concept phrases stand in the query's stems. A phrase is a list of parts; after
     each part the next is looked for at the nearest place within GAP_WORDS words. */
  var GAP_WORDS = 4;

  function findConcepts(sequence, phrasesByFirst) {
    function at(part, position) {
      for (var k = 0; k < part.length; k++) {
        if (sequence[position + k] !== part[k]) return false;
      }
      return true;
    }
    var found = [];
    sequence.forEach(function (word, position) {
      (phrasesByFirst.get(word) || []).forEach(function (concept) {
        var parts = concept[0];
        if (!at(parts[0], position)) return;
        var cursor = position + parts[0].length;
        for (var i = 1; i < parts.length; i++) {
          var start = -1;
          for (var p = cursor; p <= cursor + GAP_WORDS; p++) {
            if (at(parts[i], p)) { start = p; break; }
          }
          if (start < 0) return;
          cursor = start + parts[i].length;
        }
        found.push([position, cursor - 1, concept[1]]);
      });
    });
    /* The longest reading wins: a phrase inside a longer one found here is dropped. */
    return found.filter(function (hit) {
      return !found.some(function (other) {
        return other[0] <= hit[0] && hit[1] <= other[1] && other[1] - other[0] > hit[1] - hit[0];
      });
    });
  }

  function clauses(query, ix) {
    var unfinished = query.length > 0 && !/\s$/.test(query);
    var words = numbersJoined(surfaceWords(query), ix);
    var sequence = words.map(stem);
    var kept = keptWords(words);
    var byPosition = new Map();
    kept.forEach(function (i) {
      byPosition.set(i, { word: words[i],
                          candidates: wordCandidates(words[i], unfinished && i === words.length - 1,
                                                     i === words.length - 1, ix) });
    });
    var inPhrase = new Set();
    findConcepts(sequence, ix.phrasesByFirst).forEach(function (hit) {
      for (var position = hit[0]; position <= hit[1]; position++) {
        var clause = byPosition.get(position);
        if (!clause) continue;
        var key = hit[2];
        clause.candidates.set(key, Math.max(clause.candidates.get(key) || 0, ix.data.weights.concept));
        if (hit[1] > hit[0]) inPhrase.add(position);
      }
    });
    /* A phrase read as a meaning: its words alone count for less. */
    inPhrase.forEach(function (position) {
      var candidates = byPosition.get(position).candidates;
      candidates.forEach(function (weight, key) {
        if (key[0] !== "~") candidates.set(key, weight * ix.data.weights.phrase);
      });
    });
    return kept.map(function (i) { return byPosition.get(i); });
  }

  /* The words, each run of two or more numbers joined into one where the help centre
     knows that number, or (the run typed last) a number that starts with it. */
  function numbersJoined(words, ix) {
    var joined = [], start = 0;
    while (start < words.length) {
      var end = start;
      while (end < words.length && isNumber(words[end])) end++;
      if (end - start > 1) {
        var number = words.slice(start, end).join("");
        if (wordsOf(number).vocabulary.has(number) ||
            (end === words.length && startedNumbers(number, ix).length)) {
          joined.push(number);
          start = end;
          continue;
        }
      }
      var next = Math.max(end, start + 1);
      for (var i = start; i < next; i++) joined.push(words[i]);
      start = next;
    }
    return joined;
  }

  /* Known numbers that `number` (two digits or more) is the start of, weighed as a
     started word is; at most MAX_EXPANSIONS, the most common first. */
  function startedNumbers(number, ix) {
    if (number.length < 2) return [];
    var vocabulary = wordsOf(number);
    return started(number, ix, vocabulary, vocabulary.numbers);
  }

  /* Candidates are keyed by their terms joined with a space: one term, or a compound's two.
     `last`: the word typed last, with no space after it; `numberLast`: the word typed last,
     space or not (for numbers, whose groups a space only separates). */
  function wordCandidates(word, last, numberLast, ix) {
    var weights = ix.data.weights;
    var term = stem(word);
    var candidates = new Map([[term, 1.0]]);
    if (isNumber(word) && numberLast) {
      startedNumbers(word, ix).forEach(function (pair) {
        if (!candidates.has(pair[0])) candidates.set(pair[0], pair[1]);
      });
    }
    if (!/^[a-z]+$/.test(word)) return candidates;
    var vocabulary = wordsOf(term);  /* every form that starts as the word does */
    var known = vocabulary.vocabulary.has(term);
    if (word.length >= 3 || (last && word.length >= 2)) {
      started(word, ix, vocabulary).forEach(function (pair) {
        if (!candidates.has(pair[0])) candidates.set(pair[0], pair[1]);
      });
    }
    if (!known && word.length >= 4) {
      var limit = word.length >= 8 ? 2 : 1;
      near(word, vocabulary, limit).forEach(function (pair) {
        var weight = pair[1] === 1 ? weights.typo : weights.typo2;
        var key = vocabulary.surfaces.get(pair[0]);
        candidates.set(key, Math.max(candidates.get(key) || 0, weight));
      });
    }
    if (!known && word.length >= 7) {
      compound(word, vocabulary).forEach(function (parts) {
        var key = parts.join(" ");
        if (!candidates.has(key)) candidates.set(key, weights.compound);
      });
    }
    return candidates;
  }

  /* Known words that `word` is the start of, as stems weighed by the share of the word
     typed; at most MAX_EXPANSIONS, the most common first. `sorted`: the forms to look among,
     if not the words' (the numbers', each its own form). */
  function started(word, ix, vocabulary, sorted) {
    var list = sorted || vocabulary.sortedSurfaces, low = 0, high = list.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (list[middle] < word) low = middle + 1; else high = middle;
    }
    var weights = new Map();
    for (var i = low; i < list.length && list[i].startsWith(word); i++) {
      if (list[i] === word) continue;
      var term = sorted ? list[i] : vocabulary.surfaces.get(list[i]);  /* a number is its own form */
      var weight = ix.data.weights.prefix * word.length / list[i].length;
      weights.set(term, Math.max(weights.get(term) || 0, weight));
    }
    var terms = Array.from(weights.keys());
    terms.sort(function (a, b) {
      return (vocabulary.vocabulary.get(b) - vocabulary.vocabulary.get(a)) || (a < b ? -1 : a > b ? 1 : 0);
    });
    return terms.slice(0, MAX_EXPANSIONS).map(function (term) { return [term, weights.get(term)]; });
  }

  /* Ways to read `word` as two known words; the right part's vocabulary may be another
     file than the word's (compoundWords fetched it). */
  function compound(word, vocabulary) {
    var found = [];
    for (var cut = 3; cut < word.length - 2; cut++) {
      var left = word.slice(0, cut), right = word.slice(cut);
      var rightTerm = stem(right);
      if (!wordsOf(rightTerm).vocabulary.has(rightTerm)) continue;
      var heads = [left, /[se]$/.test(left) && left.length > 3 ? left.slice(0, -1) : null];
      for (var h = 0; h < heads.length; h++) {
        var head = heads[h];
        if (head && (vocabulary.surfaces.has(head) || vocabulary.vocabulary.has(stem(head)))) {
          found.push([vocabulary.surfaces.has(head) ? vocabulary.surfaces.get(head) : stem(head), rightTerm]);
          break;
        }
      }
    }
    return found;
  }

  function near(word, vocabulary, limit) {
    var found = [];
    vocabulary.surfaces.forEach(function (term, surface) {
      if (Math.abs(surface.length - word.length) > limit || !/^[a-z]+$/.test(surface)) return;
      var distance = editDistance(word, surface, limit);
      if (distance > 0 && distance <= limit) found.push([surface, distance]);
    });
    found.sort(function (a, b) { return (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
    return found.slice(0, MAX_EXPANSIONS);
  }

  /* Optimal string alignment distance, or limit + 1 once it is over. */
  function editDistance(a, b, limit) {
    var previous2 = null, previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i], rowBest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        rowBest = Math.min(rowBest, value);
      }
      if (rowBest > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* -- scoring ------------------------------------------------------------------------ */

  /* Whether `term` has scores: a concept some answer has, or a word in the vocabulary. */
  function hasScores(term, ix) {
    return term[0] === "~" ? ix.conceptsFound.has(term) : wordsOf(term).vocabulary.has(term);
  }

  function postingsOf(term, ix, shards) {
    var shard = hasScores(term, ix) ? shards.get(scoreFile(term)) : null;
    var flat = shard && shard[term];
    var scores = new Map(), document = 0;
    for (var p = 0; flat && p < flat.length; p += 2) {
      document += flat[p];
      scores.set(document, flat[p + 1]);
    }
    return scores;
  }

  function rank(list, ix) {
    var shardNames = new Set();
    list.forEach(function (clause) {
      clause.candidates.forEach(function (weight, key) {
        key.split(" ").forEach(function (term) {
          if (hasScores(term, ix)) shardNames.add(scoreFile(term));
        });
      });
    });
    var names = Array.from(shardNames);
    return Promise.all(names.map(function (name) { return load(inIndex(name)); })).then(function (loaded) {
      var shards = new Map(names.map(function (name, i) { return [name, loaded[i]]; }));
      var totals = new Map(), matched = new Map();
      list.forEach(function (clause) {
        var best = new Map();
        clause.candidates.forEach(function (weight, key) {
          var terms = key.split(" ");
          var scores;
          if (terms.length === 1) {
            scores = postingsOf(terms[0], ix, shards);
          } else {  /* a compound: both parts count, each half */
            scores = new Map();
            terms.forEach(function (term) {
              postingsOf(term, ix, shards).forEach(function (score, document) {
                scores.set(document, (scores.get(document) || 0) + score / terms.length);
              });
            });
          }
          scores.forEach(function (score, document) {
            var value = weight * score;
            if (value > (best.get(document) || 0)) best.set(document, value);
          });
        });
        best.forEach(function (value, document) {
          totals.set(document, (totals.get(document) || 0) + value);
          matched.set(document, (matched.get(document) || 0) + 1);
        });
        clause.found = best;
      });
      var power = ix.data.weights.coordination;
      var ranked = [];
      totals.forEach(function (total, document) {
        ranked.push([document, total * Math.pow(matched.get(document) / list.length, power)]);
      });
      ranked.sort(function (a, b) { return (b[1] - a[1]) || (a[0] - b[0]); });
      return ranked;
    });
  }

  /* The rows of the answers shown: one small file each. */
  /* The file that holds the row of the answer numbered `document` (helpcentre/searchindex.py). */
  function rowFile(document, ix) {
    return inIndex("d/" + Math.floor(document / ix.data.rowsPerFile) + "." + ix.data.rows + ".json");
  }

  function documents(ranked, ix) {
    return Promise.all(ranked.map(function (item) {
      return load(rowFile(item[0], ix)).then(function (rows) { return rows[item[0] % ix.data.rowsPerFile]; });
    }));
  }

  /* -- results as Material shows them ------------------------------------------------- */

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  /* The text, escaped, with every word whose stem was matched marked. */
  function highlight(text, matchedTerms) {
    var out = "", last = 0;
    var words = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu, match;
    while ((match = words.exec(text))) {
      var surface = surfaceWords(match[0]);
      if (surface.length === 1 && matchedTerms.has(stem(surface[0]))) {
        out += escapeHtml(text.slice(last, match.index)) + "<mark>" + escapeHtml(match[0]) + "</mark>";
        last = match.index + match[0].length;
      }
    }
    return out + escapeHtml(text.slice(last));
  }

  /* Every result is one answer, in one row: its question or title (a guide's section
     under the guide's title), then its first sentence. Material shows a row whose address has no '#' with its text under the
     title, and a row with one without; so the first sentence travels in the title. */
  function resultRows(list, ranked, rows) {
    var matchedTerms = new Set();
    list.forEach(function (clause) {
      clause.candidates.forEach(function (weight, key) {
        key.split(" ").forEach(function (term) { if (term[0] !== "~") matchedTerms.add(term); });
      });
    });
    return rows.map(function (row, i) {
      var document = ranked[i][0], terms = {};
      list.forEach(function (clause) { terms[clause.word] = clause.found.has(document); });
      var title = row[5] ? "<span class=\"hc-result__context\">" + escapeHtml(row[5]) + "</span>" : "";
      title += "<span class=\"hc-result__title\">" + highlight(row[2], matchedTerms) + "</span>";
      if (row[3]) title += "<span class=\"hc-result__lead\">" + highlight(row[3], matchedTerms) + "</span>";
      return [{ location: row[1], title: title, text: "", score: ranked[i][1] / SCORE_SCALE, terms: terms }];
    });
  }

  var latest = 0;

  function results(query) {
    if (!query.trim()) return Promise.resolve({ items: [] });
    var needed = prefetch(query);
    return Promise.all([manifest(), needed]).then(function (ready) {
      return compoundWords(query).then(function () { return ready[0]; });
    }).then(function (ix) {
      var list = clauses(query, ix);
      if (!list.length) return { items: [] };
      return rank(list, ix).then(function (ranked) {
        ranked = ranked.slice(0, MAX_RESULTS);
        return documents(ranked, ix).then(function (rows) {
          return { items: resultRows(list, ranked, rows) };
        });
      });
    });
  }

  /* Only the answer to the latest query is shown; an earlier one still on its way is dropped.
     A file of the index that cannot be fetched (the connection, or a page older than the
     site it asks) is not "nothing found": Material is told there are no results, and the
     page (help-centre.js) is told why, with the query, so that it says search is not
     available rather than that the help centre has no answer. */
  function answer(query, sequence) {
    return Promise.resolve(query).then(results).then(function (result) {
      if (sequence === latest) self.postMessage({ type: RESULT, data: result });
    }, function (error) {
      if (sequence !== latest) return;
      if (self.BroadcastChannel) {
        var channel = new BroadcastChannel("help-centre-search");
        channel.postMessage({ unavailable: query });
        channel.close();
      }
      self.postMessage({ type: RESULT, data: { items: [] } });
    });
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      var config = message.data.config;
      manifestPath = config.hc;
      wordFiles = { key: config.hcWords.key, version: config.hcWords.version, keys: new Set(config.hcWords.keys) };
      scoreFiles = { key: config.hcScores.key, version: config.hcScores.version,
                     keys: config.hcScores.keys ? new Set(config.hcScores.keys) : null };
      allRows = config.hcRows || null;
      self.postMessage({ type: READY });
      if (warmed) warm();
    } else if (message.type === QUERY) {
      latest += 1;
      answer(String(message.data || ""), latest);
    }
  });

  /* The reader has put the cursor in the search box (help-centre.js): fetch the manifest,
     and while the help centre is small, all it has in one file: the vocabulary, the
     scores, the rows; any query needs the first two, its results the third. On a slow
     phone the cursor may come before this worker has been set up; the files are then
     fetched as soon as it is. */
  var warmed = false;

  function warm() {
    warmed = true;
    if (!manifestPath) return;
    if (!wordFiles.key) loadWords([""]).catch(function () {});  /* one vocabulary file: all of it */
    var scores = scoreFiles.key === 0 ? scoreFile("") : null;
    if (scores) load(inIndex(scores)).catch(function () {});
    if (allRows) load(allRows).catch(function () {});  /* every row, named by the stub */
    manifest().catch(function () {});
  }

  if (self.BroadcastChannel) {
    new BroadcastChannel("help-centre-search").addEventListener("message", function (event) {
      if (event.data === "warm") warm();
    });
  }

  /* For the tests: the text rules and the ranking, without Material. */
  self.helpCentreSearch = { fold: fold, surfaceWords: surfaceWords, stem: stem, isStopWord: isStopWord };
})();
