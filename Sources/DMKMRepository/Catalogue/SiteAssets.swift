/// The catalogue's stylesheet and search script, written to `assets/` once per site (pages
/// link them, so each page stays small).
enum SiteAssets {
    static let stylesheet = """
        :root { font-family: "Sarabun", "Noto Sans Thai", "Noto Sans Thai UI", "Loma", "Garuda", "Tahoma", sans-serif; color: #1d2733; }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; line-height: 1.6; }
        a { color: #0b6e69; }
        .site-header { border-bottom: 1px solid #d5dde5; padding-bottom: .5rem; margin-bottom: 1rem; }
        .site-name { font-weight: bold; font-size: 1.3rem; margin-right: .5rem; text-decoration: none; }
        .site-footer { border-top: 1px solid #d5dde5; margin-top: 2rem; color: #5b6b7a; font-size: .85rem; }
        h1 { font-size: 1.5rem; line-height: 1.35; }
        h2 { font-size: 1.15rem; margin-top: 1.75rem; }
        .alt-title { font-size: 1.15rem; color: #3b4a59; margin-top: -.5rem; }
        .counts { color: #3b4a59; }
        form.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 1rem 0; }
        form.search input[type=search] { flex: 1; min-width: 12rem; font: inherit; font-size: 1.1rem; padding: .5rem .75rem; border: 1px solid #8a99a8; border-radius: 6px; }
        form.search button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 0; background: #0b6e69; color: white; }
        ul.facet { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem 1.25rem; }
        .count { color: #5b6b7a; font-size: .85rem; }
        .count::before { content: "("; } .count::after { content: ")"; }
        ul.entries { padding-left: 1.25rem; } ul.entries li { margin-bottom: .75rem; }
        .meta, .crumbs, .note { color: #5b6b7a; font-size: .9rem; }
        dl.details dt { font-weight: bold; } dl.details dd { margin: 0 0 .5rem; }
        ul.keywords { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
        .abstract p { text-align: justify; }
        #search-results ol { padding-left: 1.25rem; } #search-results li { margin-bottom: .9rem; }
        .snippet { display: block; font-size: .95rem; }

        """

    /// Tries the DMKM server's live search first, then searches `search-index.json` itself.
    static let searchScript = #"""
        // DMKM catalogue search. The live API of the DMKM server is tried first (the same origin,
        // unless the form's data-api names a server); without it, search-index.json is searched in
        // the browser by substring matching, which needs no word segmentation and so works for Thai.
        (function () {
          "use strict";
          var form = document.getElementById("search-form");
          var input = document.getElementById("q");
          var results = document.getElementById("search-results");
          if (!form || !input || !results || !window.fetch) { return; }
          var api = form.getAttribute("data-api") || "";
          var indexURL = form.getAttribute("data-index") || "search-index.json";
          var fromFile = window.location.protocol === "file:";
          var staticIndex = null;
          var latest = 0;

          function normalize(text) { return String(text == null ? "" : text).normalize("NFC").toLowerCase(); }

          // Directory permalinks need their index.html when the site is opened from disk.
          function entryHref(url) { return fromFile ? url + "index.html" : url; }

          function loadIndex() {
            if (!staticIndex) {
              staticIndex = fetch(indexURL).then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
              }).then(prepare);
              staticIndex.catch(function () { staticIndex = null; });
            }
            return staticIndex;
          }

          function prepare(entries) {
            var byID = {};
            entries.forEach(function (entry) {
              byID[entry.id] = entry;
              entry.matchTitle = normalize((entry.titles || []).map(function (t) { return t.text; }).join(" "));
              entry.matchPeople = normalize([].concat(entry.authors || [], entry.keywords || [], [entry.unit]).join(" "));
              entry.matchRest = normalize([entry.id, entry.abstract, entry.year, entry.year_be, entry.type, entry.type_label].join(" "));
            });
            return { entries: entries, byID: byID };
          }

          function searchLive(query) {
            if (fromFile && !api) { return Promise.reject(new Error("opened from disk")); }
            var controller = window.AbortController ? new AbortController() : null;
            var timer = controller ? setTimeout(function () { controller.abort(); }, 4000) : null;
            var url = api + "/api/search?top=20&q=" + encodeURIComponent(query);
            return fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
              .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
              })
              .then(function (data) {
                if (timer) { clearTimeout(timer); }
                if (!data || !Array.isArray(data.hits)) { throw new Error("not a DMKM search response"); }
                return data;
              }, function (error) {
                if (timer) { clearTimeout(timer); }
                throw error;
              });
          }

          function searchStatic(query, index) {
            var terms = normalize(query).replace(/["()]/g, " ").split(/\s+/).filter(function (t) { return t && t !== "+" && t !== "-"; });
            var matches = [];
            index.entries.forEach(function (entry) {
              var score = 0;
              for (var i = 0; i < terms.length; i++) {
                var term = terms[i];
                if (term.charAt(0) === "-") {
                  term = term.slice(1);
                  if (entry.matchTitle.indexOf(term) >= 0 || entry.matchPeople.indexOf(term) >= 0 || entry.matchRest.indexOf(term) >= 0) { return; }
                  continue;
                }
                if (term.charAt(0) === "+") { term = term.slice(1); }
                if (entry.matchTitle.indexOf(term) >= 0) { score += 3; }
                else if (entry.matchPeople.indexOf(term) >= 0) { score += 2; }
                else if (entry.matchRest.indexOf(term) >= 0) { score += 1; }
                else { return; }
              }
              if (score > 0) { matches.push({ entry: entry, score: score }); }
            });
            matches.sort(function (a, b) { return b.score - a.score || (b.entry.year || 0) - (a.entry.year || 0); });
            return matches.map(function (match) { return match.entry; });
          }

          function element(name, className, text) {
            var node = document.createElement(name);
            if (className) { node.className = className; }
            if (text) { node.textContent = text; }
            return node;
          }

          function meta(item) {
            var parts = [];
            if (item.year) { parts.push(item.year + " (พ.ศ. " + (item.year_be || item.year + 543) + ")"); }
            if (item.type_label || item.type) { parts.push(item.type_label || item.type); }
            if (item.authors && item.authors.length) { parts.push(item.authors.slice(0, 3).join(", ") + (item.authors.length > 3 ? " et al." : "")); }
            return parts.join(" · ");
          }

          function show(heading, items) {
            results.textContent = "";
            results.appendChild(element("h2", null, heading));
            var list = element("ol");
            items.forEach(function (item) {
              var row = element("li");
              var link = element("a", "entry-link", item.title || item.id);
              link.href = item.href;
              row.appendChild(link);
              row.appendChild(element("br"));
              row.appendChild(element("span", "meta", meta(item)));
              if (item.text) { row.appendChild(element("span", "snippet", item.text)); }
              list.appendChild(row);
            });
            results.appendChild(list);
          }

          function showLive(data, index) {
            show("พบ " + data.total + " รายการ / " + data.total + " results", data.hits.map(function (hit) {
              var known = index && index.byID[hit.id];
              return {
                id: hit.id, title: hit.title, year: hit.year, year_be: hit.year_be, authors: hit.authors,
                type_label: known ? known.type_label : hit.type, text: hit.snippet_text || (known && known.abstract),
                // Entries published after this site was built open on the server's own page.
                href: known ? entryHref(known.url) : api + hit.url
              };
            }));
          }

          function showStatic(query, index) {
            var found = searchStatic(query, index);
            show("พบ " + found.length + " รายการ / " + found.length + " results", found.slice(0, 50).map(function (entry) {
              return {
                id: entry.id, title: entry.title, year: entry.year, year_be: entry.year_be, authors: entry.authors,
                type_label: entry.type_label, text: entry.abstract, href: entryHref(entry.url)
              };
            }));
          }

          function showMessage(text) {
            results.textContent = "";
            results.appendChild(element("p", "note", text));
          }

          function run(query) {
            var ticket = ++latest;
            if (!query.trim()) { results.textContent = ""; return; }
            showMessage("กำลังค้นหา… / Searching…");
            var index = loadIndex().catch(function () { return null; });
            searchLive(query).then(function (data) {
              return index.then(function (loaded) { if (ticket === latest) { showLive(data, loaded); } });
            }, function () {
              return index.then(function (loaded) {
                if (ticket !== latest) { return; }
                if (loaded) { showStatic(query, loaded); }
                else { showMessage("ค้นหาไม่ได้ขณะเปิดไฟล์จากเครื่องโดยตรง ใช้รายการเรียกดูด้านล่าง / Search needs the site served over HTTP; use the lists below."); }
              });
            });
          }

          form.addEventListener("submit", function (event) {
            event.preventDefault();
            var query = input.value;
            if (window.history && window.history.replaceState && !fromFile) {
              window.history.replaceState(null, "", "?q=" + encodeURIComponent(query));
            }
            run(query);
          });

          var initial = new URLSearchParams(window.location.search).get("q");
          if (initial) { input.value = initial; run(initial); }
        })();

        """#
}
