// drplan report: sorting, filtering and paging of the big tables, opening a card that a link
// points at, and every card open for printing. The report reads the same without it.
(function () {
  "use strict";

  function cellKey(row, i) {
    var td = row.cells[i];
    if (!td) return "";
    var v = td.getAttribute("data-sort");
    if (v === null) return td.textContent.trim().toLowerCase();
    var n = Number(v);
    return isNaN(n) ? v : n;
  }

  // Paging and filtering: rows that match the filter, one page of them at a time.
  function Pager(table) {
    this.table = table;
    this.size = Number(table.getAttribute("data-page")) || 0;
    this.page = 0;
    this.query = "";
    if (this.size) {
      var nav = document.createElement("div");
      nav.className = "pager";
      nav.innerHTML = '<button type="button" data-go="-1">‹ Previous</button><span></span><button type="button" data-go="1">Next ›</button>';
      var self = this;
      nav.addEventListener("click", function (e) {
        var go = e.target.getAttribute && e.target.getAttribute("data-go");
        if (go) { self.page += Number(go); self.show(); }
      });
      var holder = table.closest(".scroll") || table;
      holder.parentNode.insertBefore(nav, holder.nextSibling);
      this.nav = nav;
    }
    this.show();
  }
  Pager.prototype.show = function () {
    var rows = this.table.tBodies[0].rows, q = this.query, match = [];
    for (var i = 0; i < rows.length; i++) {
      var ok = !q || rows[i].textContent.toLowerCase().indexOf(q) !== -1;
      if (ok) match.push(rows[i]); else rows[i].hidden = true;
    }
    var pages = this.size ? Math.max(1, Math.ceil(match.length / this.size)) : 1;
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    var from = this.size ? this.page * this.size : 0, to = this.size ? from + this.size : match.length;
    for (var j = 0; j < match.length; j++) match[j].hidden = j < from || j >= to;
    if (this.nav) {
      var b = this.nav.querySelectorAll("button");
      b[0].disabled = this.page === 0;
      b[1].disabled = this.page >= pages - 1;
      this.nav.querySelector("span").textContent = match.length
        ? (from + 1) + "–" + Math.min(to, match.length) + " of " + match.length
        : "no match";
    }
  };
  Pager.prototype.showRow = function (row) {
    this.query = "";
    var index = Array.prototype.indexOf.call(this.table.tBodies[0].rows, row);
    if (this.size && index >= 0) this.page = Math.floor(index / this.size);
    this.show();
  };

  var pagers = {};
  document.querySelectorAll("table.data[id]").forEach(function (t) { pagers[t.id] = new Pager(t); });

  document.querySelectorAll("input.filter").forEach(function (input) {
    var pager = pagers[input.getAttribute("data-table")];
    if (!pager) return;
    input.addEventListener("input", function () {
      pager.query = input.value.trim().toLowerCase();
      pager.page = 0;
      pager.show();
    });
  });

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      th.setAttribute("role", "columnheader button");
      function sort() {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (r, k) { return [cellKey(r, i), k, r]; });
        keyed.sort(function (a, b) {
          var x = a[0], y = b[0];
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : x > y ? 1 : a[1] - b[1]) * dir;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k[2]); });
        body.appendChild(frag);
        var pager = pagers[table.id];
        if (pager) { pager.page = 0; pager.show(); }
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });

  // A link to a card opens it; a link to a component without a card finds its table row.
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); return; }
    if (!target && id.indexOf("c-") === 0) {
      var pager = pagers["components-table"], name = id.slice(2);
      if (!pager) return;
      var rows = pager.table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var cell = rows[i].cells[0].querySelector(".cid");
        if (cell && cell.textContent === name) {
          pager.showRow(rows[i]);
          rows[i].scrollIntoView({ block: "center" });
          rows[i].style.outline = "2px solid #0969da";
          return;
        }
      }
    }
  }
  window.addEventListener("hashchange", follow);
  follow();

  // Printing: every card and runbook open, every row shown; put back afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
