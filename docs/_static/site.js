// The docs site's behaviour: typeset math with the vendored KaTeX, and search the index make_docs.py writes.
"use strict";

function typesetMath() {
  renderMathInElement(document.querySelector("article"), {
    delimiters: [
      {left: "$$", right: "$$", display: true}, {left: "\\[", right: "\\]", display: true},
      {left: "$", right: "$", display: false}, {left: "\\(", right: "\\)", display: false},
    ],
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
    throwOnError: false,
  });
}

// The index (window.SEARCH_INDEX: one entry per section) is loaded on the first search, not with every page.
function loadIndex() {
  if (window.SEARCH_INDEX) return Promise.resolve(window.SEARCH_INDEX);
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "_static/search_index.js";
    s.onload = () => resolve(window.SEARCH_INDEX);
    s.onerror = reject;
    document.head.appendChild(s);
  });
}

// Sections holding every word of the query, those with the words in their heading first.
function search(index, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = [];
  for (const e of index) {
    const head = (e.section + " " + e.title).toLowerCase(), text = e.text.toLowerCase();
    if (!words.every(w => head.includes(w) || text.includes(w))) continue;
    const score = words.reduce((s, w) => s + (e.section.toLowerCase().includes(w) ? 10 : 0) + (head.includes(w) ? 2 : 0) + (text.includes(w) ? 1 : 0), 0);
    hits.push([score, e]);
  }
  return hits.sort((a, b) => b[0] - a[0]).slice(0, 20).map(h => h[1]);
}

function snippet(text, word) {
  const i = Math.max(0, text.toLowerCase().indexOf(word.toLowerCase()) - 60);
  return (i > 0 ? "…" : "") + text.slice(i, i + 160) + (text.length > i + 160 ? "…" : "");
}

function showResults(box, hits, query) {
  box.replaceChildren();
  if (!hits.length) box.textContent = "No results for " + query;
  for (const e of hits) {
    const a = document.createElement("a");
    a.href = e.page + (e.anchor ? "#" + e.anchor : "");
    const head = document.createElement("strong"), where = document.createElement("span"), text = document.createElement("p");
    head.textContent = e.section;
    where.textContent = e.section === e.title ? "" : e.title;
    text.textContent = snippet(e.text, query.split(/\s+/)[0]);
    a.append(head, where, text);
    box.appendChild(a);
  }
  box.hidden = false;
}

function setUpSearch() {
  const input = document.getElementById("search"), box = document.getElementById("search-results");
  input.addEventListener("input", async () => {
    const q = input.value.trim();
    if (q.length < 2) { box.hidden = true; return; }
    showResults(box, search(await loadIndex(), q), q);
  });
  input.addEventListener("keydown", e => { if (e.key === "Escape") { box.hidden = true; input.blur(); } });
  document.addEventListener("click", e => { if (!e.target.closest(".search")) box.hidden = true; });
  document.addEventListener("keydown", e => { if (e.key === "/" && document.activeElement !== input) { e.preventDefault(); input.focus(); } });
}

typesetMath();
setUpSearch();
