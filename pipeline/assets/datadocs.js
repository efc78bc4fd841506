/* baocao: the collapse toggles and tabs of great-expectations Data Docs, without jQuery/Bootstrap. */
document.addEventListener("click", function (event) {
  var link = event.target.closest('[data-toggle="collapse"]');
  if (!link) { return; }
  event.preventDefault();
  var target = link.getAttribute("href") || link.getAttribute("data-target");
  if (!target) { return; }
  var node = document.getElementById(target.replace(/^#/, ""));
  if (node) { node.classList.toggle("show"); }
});
document.addEventListener("click", function (event) {
  var row = event.target.closest("tr.clickable-row[data-href]");
  if (row) { window.location = row.getAttribute("data-href"); }
});
