// Open failures named in the URL: #fail-<id>-<n> (or a requirement id) opens and scrolls to
// it; ?open=first opens the first failure and ?open=all every failure, without scrolling.
(function () {
  var failures = function () { return document.querySelectorAll("details.failure"); };
  function openFromUrl() {
    var wanted = new URLSearchParams(location.search).get("open");
    if (wanted === "all") { failures().forEach(function (d) { d.open = true; }); }
    if (wanted === "first" && failures().length) { failures()[0].open = true; }
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    var details = target.matches("details") ? target : target.querySelector("details.failure");
    if (details) { details.open = true; }
    target.scrollIntoView();
  }
  var button = document.getElementById("expand-all");
  if (button && failures().length) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.textContent.indexOf("Expand") === 0;
      failures().forEach(function (d) { d.open = open; });
      button.textContent = open ? "Collapse all failures" : "Expand all failures";
    });
  }
  window.addEventListener("hashchange", openFromUrl);
  openFromUrl();
})();
