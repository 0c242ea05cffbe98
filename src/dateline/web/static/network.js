// The actor network (vis-network): edge colour = cooperation or conflict, width = number of events.
(function () {
  "use strict";
  var node = document.getElementById("network");
  var data = document.getElementById("network-data");
  if (!node || !data || !window.vis) return;
  var graph = JSON.parse(data.textContent);
  if (!graph.nodes.length) {
    node.textContent = "No events between actors yet.";
    node.classList.add("muted");
    return;
  }
  var colours = { coop: "#2a9d6f", conflict: "#d1495b", neutral: "#8a8f98" };
  function tip(s) {
    var div = document.createElement("div");
    div.textContent = s;
    return div;
  }
  var nodes = new vis.DataSet(graph.nodes.map(function (n) {
    return { id: n.id, label: n.name.length > 40 ? n.name.slice(0, 39) + "…" : n.name, title: tip(n.name + (n.country ? " (" + n.country + ")" : "")),
             value: n.degree, group: n.country || "?" };
  }));
  var edges = new vis.DataSet(graph.edges.map(function (e, i) {
    return { id: i, from: e.source, to: e.target, value: e.events, title: tip(e.type + ": " + e.events + " event(s)"),
             color: { color: colours[e.tone], highlight: colours[e.tone] },
             arrows: e.directed ? "to" : "", smooth: { type: "curvedCW", roundness: 0.1 * (i % 3) } };
  }));
  var network = new vis.Network(node, { nodes: nodes, edges: edges }, {
    nodes: { shape: "dot", scaling: { min: 8, max: 30 }, font: { size: 14, face: "system-ui, sans-serif" } },
    edges: { scaling: { min: 1, max: 10 } },
    physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 140 } },
    interaction: { hover: true, navigationButtons: false, keyboard: true }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) window.location.href = "/actors/" + p.nodes[0]; });
  network.on("click", function (p) { if (p.nodes.length) window.location.href = "/actors/" + p.nodes[0]; });
})();
