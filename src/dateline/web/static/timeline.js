// The events timeline (vis-timeline): items from the page's JSON, coloured by cooperation or conflict.
(function () {
  "use strict";
  var node = document.getElementById("timeline");
  var data = document.getElementById("timeline-data");
  if (!node || !data || !window.vis) return;
  var items = JSON.parse(data.textContent);
  if (!items.length) {
    node.textContent = "No dated events to show.";
    node.classList.add("muted");
    return;
  }
  // vis-timeline reads strings as HTML: give it text nodes and escaped tooltips, never raw text.
  function escape(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function textNode(s) {
    var span = document.createElement("span");
    span.textContent = s;
    return span;
  }
  var dataset = new vis.DataSet(items.map(function (e) {
    return { id: e.id, start: e.start, content: textNode(e.label), title: escape(e.title), className: e.tone,
             group: e.group };
  }));
  var groups = [];
  var seen = {};
  items.forEach(function (e) {
    if (!seen[e.group]) { seen[e.group] = 1; groups.push({ id: e.group, content: textNode(e.group) }); }
  });
  var timeline = new vis.Timeline(node, dataset, new vis.DataSet(groups), {
    stack: true, maxHeight: 520, zoomKey: "", orientation: "top", margin: { item: 6 },
    tooltip: { followMouse: true }, xss: { disabled: false }
  });
  timeline.on("select", function (props) {
    if (props.items.length) window.location.href = "/events/" + encodeURIComponent(props.items[0]);
  });
})();
