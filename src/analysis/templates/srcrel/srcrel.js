/* srcrel: sort and filter the report's long tables (class "sortable").
 *
 * Written for this project, no dependencies, works offline. It only reads cells'
 * textContent (or a data-sort attribute the report writes) and moves the rows that are
 * already in the page: it never parses, inserts or evaluates text as markup, so article
 * text in a cell stays text. Tables with merged cells (rowspan/colspan) are left alone.
 */
(function () {
  "use strict";
  var NUMBER = /^[<>~≈]?\s*([-+]?\d+(?:\.\d+)?)/;

  function sortKey(cell) {
    var text = (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent).trim();
    var match = NUMBER.exec(text);
    return { number: match ? parseFloat(match[1]) : null, text: text.toLowerCase() };
  }

  function compare(a, b) {
    if (a.number !== null && b.number !== null && a.number !== b.number) { return a.number - b.number; }
    if (a.number !== null && b.number === null) { return -1; }
    if (a.number === null && b.number !== null) { return 1; }
    return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
  }

  function setup(table) {
    if (table.getAttribute("data-srcrel-ready") || table.querySelector("[rowspan], [colspan]")) { return; }
    var body = table.tBodies[0];
    var head = table.tHead;
    if (!body || !head || !head.rows.length) { return; }
    table.setAttribute("data-srcrel-ready", "1");
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, k) { row.setAttribute("data-order", String(k)); });

    var bar = document.createElement("div");
    bar.className = "srcrel-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows (any text)";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var shown = document.createElement("span");
    shown.className = "srcrel-shown";
    shown.textContent = rows.length + " rows";
    bar.appendChild(input);
    bar.appendChild(shown);
    table.parentNode.insertBefore(bar, table);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var count = 0;
      rows.forEach(function (row) {
        var keep = !query || row.textContent.toLowerCase().indexOf(query) >= 0;
        row.hidden = !keep;
        if (keep) { count += 1; }
      });
      shown.textContent = query ? count + " of " + rows.length + " rows" : rows.length + " rows";
    });

    var headers = head.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header) {
      var column = header.cellIndex;
      header.classList.add("srcrel-sort");
      header.tabIndex = 0;
      header.title = "Sort by this column (click again to reverse)";
      function sort(event) {
        if (event.target.closest && event.target.closest("a")) { return; }
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row) {
          var cell = row.cells[column];
          return { row: row, key: cell ? sortKey(cell) : { number: null, text: "" },
                   order: parseInt(row.getAttribute("data-order"), 10) };
        });
        keyed.sort(function (a, b) {
          var c = compare(a.key, b.key);
          return (ascending ? c : -c) || a.order - b.order;
        });
        keyed.forEach(function (item) { body.appendChild(item.row); });
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(event); }
      });
    });
  }

  /* A link to a line or a section that is folded (a run of boilerplate, a long table under
   * its heading) opens what folds it, then scrolls to it. It only sets "open" on <details>. */
  function reveal() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    var folded = target.closest ? target.closest("details") : null;
    while (folded) {
      folded.open = true;
      folded = folded.parentElement ? folded.parentElement.closest("details") : null;
    }
    Array.prototype.forEach.call(target.querySelectorAll("details.table"), function (d) { d.open = true; });
    target.scrollIntoView();
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setup);
    reveal();
  }
  window.addEventListener("hashchange", reveal);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
