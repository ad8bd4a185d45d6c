/*
 * The catalog's stylesheet and script, written next to the pages (no CDN, no web font, no framework).
 * Colours meet WCAG AA contrast (4.5:1 and more for text); focus is always visible.
 */

export const CATALOG_CSS = `:root { color-scheme: light; --text: #1b1f24; --muted: #4f5863; --line: #c9ced6; --bg: #ffffff; --panel: #f4f6f8; --link: #0b4fb3; --focus: #c2410c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: var(--bg); }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.25rem; }
h1 { font-size: 1.9rem; margin: 0.4rem 0; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; }
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
pre { margin: 0; padding: 0.4rem 0.6rem; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--text); color: #fff; padding: 0.4rem 0.8rem; z-index: 1; }
.skip:focus { top: 0.5rem; }
.lede { color: var(--muted); margin: 0.2rem 0 0.6rem; }
.muted { color: var(--muted); }
form#filters { display: flex; flex-wrap: wrap; gap: 0.8rem 1rem; align-items: flex-end; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.9rem 1rem; }
.field { display: flex; flex-direction: column; gap: 0.2rem; min-width: 11rem; }
.field.wide { flex: 1 1 18rem; }
label { font-weight: 600; font-size: 0.92rem; }
input, select, button { font: inherit; color: var(--text); background: #fff; border: 1px solid #767f8a; border-radius: 4px; padding: 0.35rem 0.5rem; }
button { cursor: pointer; background: #e9edf1; }
.count { font-weight: 600; margin: 0.4rem 0; }
.products { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.product { border: 1px solid var(--line); border-radius: 6px; padding: 0.2rem 1rem 0.8rem; }
.product[hidden], .none[hidden] { display: none; }
.product h3 { margin-top: 0.6rem; }
.product h3 a { font-size: 1.15rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.9rem; margin: 0.4rem 0; }
.facts > div { display: contents; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: 0 0.55rem; font-size: 0.82rem; font-weight: 600; border: 1px solid; }
.badge.public { background: #e6f4ea; color: #14532d; border-color: #14532d; }
.badge.private { background: #fff3e0; color: #7a3300; border-color: #7a3300; }
.badge.sensitive { background: #fde8e8; color: #8a1111; border-color: #8a1111; }
.badge.other, .badge.untagged { background: #eef0f3; color: #353b43; border-color: #353b43; }
.tag { font-size: 0.8rem; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; min-width: 50%; }
caption { text-align: left; color: var(--muted); padding: 0.2rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.55rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
td.yes { background: #e6f4ea; color: #14532d; font-weight: 600; }
td.describe { background: #eef0f3; color: #353b43; }
td.no { color: var(--muted); }
tr.expired th, tr.expired td { background: #fde8e8; }
tr.soon th, tr.soon td { background: #fff3e0; }
.rules { list-style: none; padding: 0; }
details summary { cursor: pointer; color: var(--link); margin: 0.3rem 0; }
pre.contract { max-height: 28rem; overflow: auto; white-space: pre; }
.rules li { margin-bottom: 0.8rem; }
.notes { color: var(--muted); }
footer { margin-top: 2.5rem; padding-bottom: 2rem; color: var(--muted); font-size: 0.9rem; }
footer::before { content: ""; display: block; border-top: 1px solid var(--line); margin-bottom: 0.6rem; }
`;

/** Search and filters of index.html: each product card carries its facts in data attributes (escaped text). */
export const CATALOG_JS = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var byId = function (id) { return document.getElementById(id); };
  var search = byId('q'), producer = byId('producer'), owner = byId('owner'), level = byId('confidentiality'), column = byId('column');
  var count = byId('count'), none = byId('none');
  var cards = Array.prototype.slice.call(document.querySelectorAll('#products > li.product'));
  var norm = function (s) { return String(s || '').toLowerCase().trim(); };
  var words = function (s) { return norm(s).split(/\\s+/).filter(Boolean); };
  function matches(card) {
    var d = card.dataset;
    var text = words(search.value);
    if (text.some(function (w) { return d.search.indexOf(w) < 0; })) return false;
    if (producer.value && d.producer !== producer.value) return false;
    if (owner.value && d.owner !== owner.value) return false;
    if (level.value && words(d.levels).indexOf(level.value) < 0) return false;
    var c = norm(column.value);
    if (c && !words(d.columns).some(function (name) { return name.indexOf(c) >= 0; })) return false;
    return true;
  }
  function apply() {
    var shown = 0;
    cards.forEach(function (card) { var ok = matches(card); card.hidden = !ok; if (ok) shown++; });
    count.textContent = shown + ' of ' + cards.length + ' product' + (cards.length === 1 ? '' : 's');
    none.hidden = shown > 0;
  }
  [search, producer, owner, level, column].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
})();
`;
