// Interactive network view of dotscale-graph: written for this project, no third-party code.
// Every element of class "network" holds a graph: inline JSON in data-graph, or a URL in
// data-source ({nodes: [{id, label, kind, colour, href}], links: [{source, target, relation}],
// legend: [{kind, colour}]}). Drag to pan, wheel to zoom, click a node for its panel: open its
// page, or expand its neighbours (from /network/PROJECTION.json?around=IRI&hops=1).
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";

  function make(tag, attributes, parent) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  // a small seeded generator, so that the same graph is laid out the same way every time
  function random(seed) {
    let state = seed >>> 0 || 1;
    return () => { state = (state * 1664525 + 1013904223) >>> 0; return state / 4294967296; };
  }

  function View(container, data) {
    this.container = container;
    this.projection = container.dataset.projection || "graph-overview";
    this.nodes = new Map();
    this.links = new Map();
    this.legend = new Map();
    this.scale = 1; this.stretch = 1; this.dx = 0; this.dy = 0;
    this.svg = make("svg", {role: "img", "aria-label": data.title || "network"}, container);
    this.edgeLayer = make("g", {}, this.svg);
    this.nodeLayer = make("g", {}, this.svg);
    this.legendBox = document.createElement("div");
    this.legendBox.className = "legend";
    container.appendChild(this.legendBox);
    (data.legend || []).forEach((entry) => this.legend.set(entry.kind, entry.colour));
    this.drawLegend();
    this.width = this.svg.clientWidth || 800;
    this.height = this.svg.clientHeight || 500;
    this.svg.setAttribute("viewBox", `0 0 ${this.width} ${this.height}`);
    this.status = document.createElement("div");
    this.status.className = "status";
    container.appendChild(this.status);
    this.panel = document.createElement("div");
    this.panel.className = "panel";
    this.panel.hidden = true;
    container.appendChild(this.panel);
    this.add(data, null);
    this.layout(400);
    this.fit();
    this.draw();
    this.interact();
  }

  View.prototype.add = function (data, near) {
    const rand = random(this.nodes.size * 7919 + data.nodes.length);
    let added = 0;
    data.nodes.forEach((node, index) => {
      if (this.nodes.has(node.id)) return;
      const angle = 2 * Math.PI * index / Math.max(data.nodes.length, 1);
      const centre = near || {x: this.width / 2, y: this.height / 2};
      const radius = near ? 40 + 20 * rand() : Math.min(this.width, this.height) * (0.2 + 0.25 * rand());
      this.nodes.set(node.id, Object.assign({}, node, {
        x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle),
        degree: 0, fixed: false}));
      added += 1;
    });
    data.links.forEach((link) => {
      const key = `${link.source}\u0000${link.target}\u0000${link.relation || ""}`;
      if (this.links.has(key) || !this.nodes.has(link.source) || !this.nodes.has(link.target)) return;
      this.links.set(key, Object.assign({}, link));
      this.nodes.get(link.source).degree += 1;
      this.nodes.get(link.target).degree += 1;
    });
    (data.legend || []).forEach((entry) => this.legend.set(entry.kind, entry.colour));
    return added;
  };

  // Fruchterman-Reingold: nodes repel (within 3 k), links pull, a weak pull to the centre; cooling steps
  View.prototype.layout = function (steps) {
    const nodes = Array.from(this.nodes.values());
    const n = nodes.length;
    if (n === 0) return;
    const k = Math.sqrt(this.width * this.height / n) * 0.75;
    const links = Array.from(this.links.values()).map((l) => [this.nodes.get(l.source), this.nodes.get(l.target)]);
    let temperature = this.width / 8;
    const gravity = 0.03 * Math.sqrt(n) / k;
    const reach = 9 * k * k;
    for (let step = 0; step < steps; step++) {
      for (const a of nodes) { a.fx = 0; a.fy = 0; }
      for (let i = 0; i < n; i++) {
        const a = nodes[i];
        for (let j = i + 1; j < n; j++) {
          const b = nodes[j];
          let x = a.x - b.x, y = a.y - b.y;
          let d2 = x * x + y * y;
          if (d2 > reach) continue;  // far nodes do not push: components stay close
          if (d2 < 0.01) { x = 0.1 * (i - j); y = 0.1; d2 = x * x + y * y; }
          const force = k * k / d2;
          a.fx += x * force; a.fy += y * force; b.fx -= x * force; b.fy -= y * force;
        }
      }
      for (const [a, b] of links) {
        const x = a.x - b.x, y = a.y - b.y;
        const d = Math.sqrt(x * x + y * y) || 0.01;
        const force = d / k;
        a.fx -= x * force; a.fy -= y * force; b.fx += x * force; b.fy += y * force;
      }
      const aspect = this.width / Math.max(this.height, 1);
      for (const a of nodes) {
        a.fx += (this.width / 2 - a.x) * gravity;
        a.fy += (this.height / 2 - a.y) * gravity * aspect;
        const f = Math.sqrt(a.fx * a.fx + a.fy * a.fy) || 1;
        if (!a.fixed) {
          a.x += a.fx / f * Math.min(f, temperature);
          a.y += a.fy / f * Math.min(f, temperature);
        }
      }
      temperature = Math.max(temperature * 0.985, 0.5);
    }
  };

  View.prototype.fit = function () {
    const nodes = Array.from(this.nodes.values());
    if (nodes.length === 0) return;
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const marginX = Math.min(160, this.width / 5), marginY = 40;  // room for labels either side
    const sx = (this.width - 2 * marginX) / Math.max(maxX - minX, 1);
    const sy = (this.height - 2 * marginY) / Math.max(maxY - minY, 1);
    // fill the box: one axis may stretch up to twice the other (a wide box, a round layout)
    this.scale = Math.min(sx, sy, 3);
    this.stretch = Math.min(Math.max(sx / this.scale, 1), 2);
    this.dx = this.width / 2 - this.scale * this.stretch * (minX + maxX) / 2;
    this.dy = this.height / 2 - this.scale * (minY + maxY) / 2;
  };

  // layout coordinates to the screen: nodes and labels keep their size at any zoom
  View.prototype.transform = function () {
    const at = (node) => [node.x * this.scale * this.stretch + this.dx, node.y * this.scale + this.dy];
    for (const link of this.links.values()) {
      if (!link.line) continue;
      const [x1, y1] = at(this.nodes.get(link.source)), [x2, y2] = at(this.nodes.get(link.target));
      link.line.setAttribute("x1", x1); link.line.setAttribute("y1", y1);
      link.line.setAttribute("x2", x2); link.line.setAttribute("y2", y2);
    }
    for (const node of this.nodes.values()) {
      if (!node.group) continue;
      const [x, y] = at(node);
      node.group.setAttribute("transform", `translate(${x} ${y})`);
    }
  };

  View.prototype.radius = function (node) { return 4 + 2 * Math.sqrt(node.degree); };

  View.prototype.draw = function () {
    this.edgeLayer.replaceChildren();
    this.nodeLayer.replaceChildren();
    for (const link of this.links.values()) {
      const a = this.nodes.get(link.source), b = this.nodes.get(link.target);
      const line = make("line", {}, this.edgeLayer);
      link.line = line;
      make("title", {}, line).textContent = `${a.label} ${link.relation || "—"} ${b.label}`;
    }
    const ranked = Array.from(this.nodes.values()).sort((a, b) => b.degree - a.degree);
    const xs = ranked.map((n) => n.x);
    const middle = (Math.min(...xs) + Math.max(...xs)) / 2;
    const labelled = new Set(ranked.slice(0, ranked.length <= 40 ? ranked.length : 20).map((n) => n.id));
    for (const node of this.nodes.values()) {
      const group = make("g", {class: "node" + (node.id === this.selected ? " selected" : ""),
                               "data-id": node.id}, this.nodeLayer);
      node.group = group;
      make("circle", {r: this.radius(node), fill: node.colour || "#666"}, group);
      make("title", {}, group).textContent = `${node.label}${node.kind ? " (" + node.kind + ")" : ""}`;
      if (labelled.has(node.id) || node.id === this.selected) {
        // labels point away from the middle of the drawing, so a star's labels do not cross
        const left = node.x < middle;
        const text = make("text", {x: (left ? -1 : 1) * (this.radius(node) + 3), y: 4,
                                   "text-anchor": left ? "end" : "start"}, group);
        text.textContent = node.label.length > 32 ? node.label.slice(0, 31) + "…" : node.label;
      }
      group.addEventListener("click", (event) => {
        event.stopPropagation();
        if (!this.dragged) this.select(node.id);
      });
      group.addEventListener("dblclick", () => { if (node.href) window.location.href = node.href; });
    }
    this.transform();
    this.drawLegend();
    this.status.textContent = `${this.nodes.size} nodes, ${this.links.size} links`;
  };

  View.prototype.drawLegend = function () {
    this.legendBox.replaceChildren();
    for (const [kind, colour] of this.legend.entries()) {  // in the order the server gives
      const row = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(kind));
      this.legendBox.appendChild(row);
    }
  };

  View.prototype.select = function (id) {
    const node = this.nodes.get(id);
    this.selected = id;
    this.panel.replaceChildren();
    const title = document.createElement("div");
    title.innerHTML = "<strong></strong> <span class='note'></span>";
    title.firstChild.textContent = node.label;
    title.lastChild.textContent = node.kind || "";
    this.panel.appendChild(title);
    if (node.href) {
      const open = document.createElement("a");
      open.href = node.href; open.className = "button open"; open.textContent = "Open page";
      this.panel.appendChild(open);
      this.panel.appendChild(document.createTextNode(" "));
    }
    const expand = document.createElement("button");
    expand.className = "expand";
    expand.textContent = "Expand neighbours";
    expand.addEventListener("click", () => this.expand(id));
    this.panel.appendChild(expand);
    this.panel.hidden = false;
    this.draw();
  };

  View.prototype.expand = function (id) {
    const node = this.nodes.get(id);
    const url = `/network/${encodeURIComponent(this.projection)}.json?around=${encodeURIComponent("<" + id + ">")}&hops=1`;
    this.status.textContent = "loading…";
    fetch(url, {headers: {Accept: "application/json"}}).then((response) =>
      response.ok ? response.json() : response.text().then((text) => { throw new Error(text); })
    ).then((data) => {
      for (const other of this.nodes.values()) other.fixed = true;
      const added = this.add(data, node);
      this.layout(150);
      for (const other of this.nodes.values()) other.fixed = false;
      if (added) this.fit();  // show every node again
      this.draw();
      this.status.textContent += added ? ` (${added} added)` : " (all neighbours shown)";
    }).catch((error) => { this.status.textContent = "cannot expand: " + error.message.trim(); });
  };

  View.prototype.interact = function () {
    let dragging = null;
    this.dragged = false;  // a drag ends with a click, which must not select or deselect
    this.svg.addEventListener("mousedown", (event) => {
      dragging = {x: event.clientX, y: event.clientY, dx: this.dx, dy: this.dy};
      this.dragged = false;
      this.svg.classList.add("dragging");
    });
    window.addEventListener("mousemove", (event) => {
      if (!dragging) return;
      if (Math.abs(event.clientX - dragging.x) + Math.abs(event.clientY - dragging.y) > 3) this.dragged = true;
      const ratio = this.width / (this.svg.clientWidth || this.width);
      this.dx = dragging.dx + (event.clientX - dragging.x) * ratio;
      this.dy = dragging.dy + (event.clientY - dragging.y) * ratio;
      this.transform();
    });
    window.addEventListener("mouseup", () => { dragging = null; this.svg.classList.remove("dragging"); });
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const box = this.svg.getBoundingClientRect();
      const ratio = this.width / (box.width || this.width);
      const x = (event.clientX - box.left) * ratio, y = (event.clientY - box.top) * ratio;
      const factor = Math.exp(-event.deltaY * 0.0015);
      const scale = Math.min(Math.max(this.scale * factor, 0.1), 10);
      this.dx = x - (x - this.dx) * scale / this.scale;
      this.dy = y - (y - this.dy) * scale / this.scale;
      this.scale = scale;
      this.transform();
    }, {passive: false});
    this.svg.addEventListener("click", () => {
      if (this.dragged || !this.selected) return;
      this.selected = null;
      this.panel.hidden = true;
      this.draw();
    });
  };

  function start(container) {
    if (container.dataset.graph) {
      container.view = new View(container, JSON.parse(container.dataset.graph));
      return;
    }
    fetch(container.dataset.source, {headers: {Accept: "application/json"}}).then((response) =>
      response.ok ? response.json() : response.text().then((text) => { throw new Error(text); })
    ).then((data) => { container.view = new View(container, data); }).catch((error) => {
      container.textContent = "cannot draw this graph: " + error.message.trim();
      container.classList.add("error");
    });
  }

  document.querySelectorAll(".network").forEach(start);
})();
