// chisogioi web: small progressive enhancement. Everything works without this script.
// Clicking (or pressing Enter on) a highlighted passage selects the matching explanations in
// the list under the text; clicking a list item selects its passages.
(function () {
  "use strict";
  function clear() {
    document.querySelectorAll(".sel").forEach(function (e) { e.classList.remove("sel"); });
  }
  function selectFlags(ids, scroll) {
    clear();
    ids.forEach(function (i) {
      var li = document.getElementById("flag-" + i);
      if (li) { li.classList.add("sel"); }
      document.querySelectorAll("mark.flag").forEach(function (m) {
        if ((" " + m.getAttribute("data-f") + " ").indexOf(" " + i + " ") >= 0) { m.classList.add("sel"); }
      });
    });
    if (scroll && ids.length) {
      var first = document.getElementById("flag-" + ids[0]);
      if (first && first.scrollIntoView) { first.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    }
  }
  document.addEventListener("click", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark.flag");
    if (m) { selectFlags(m.getAttribute("data-f").split(" "), true); return; }
    var li = ev.target.closest && ev.target.closest("ol.flags li");
    if (li) { selectFlags([li.id.replace("flag-", "")], false); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    var m = ev.target.closest && ev.target.closest("mark.flag");
    if (m) { selectFlags(m.getAttribute("data-f").split(" "), true); }
  });
})();
