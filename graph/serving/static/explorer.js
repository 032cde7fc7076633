// The SPARQL editor of dotscale-graph: written for this project, no third-party code.
// Sends the query to /sparql (POST, form) and shows the answer: a table (IRIs under the
// project's namespaces shown in their compact form, things linked to their pages), or RDF.
"use strict";
(function () {
  const form = document.getElementById("editor");
  const text = document.getElementById("query");
  const examples = document.getElementById("examples");
  const library = JSON.parse(document.getElementById("library").textContent);
  const prefixes = Array.from(document.querySelectorAll("#prefixes tr")).map((row) =>
    [row.cells[0].textContent.replace(/:$/, ""), row.cells[1].textContent]);
  const results = document.getElementById("results");
  const graph = document.getElementById("graph");
  const error = document.getElementById("error");
  const count = document.getElementById("count");
  const status = document.getElementById("status");
  const ID = "https://w3id.org/dotscale/id/";

  function compact(iri) {
    let best = null;
    for (const [prefix, namespace] of prefixes) {
      if (iri.startsWith(namespace) && iri.length > namespace.length && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(ID) ? "/id/" + term.value.slice(ID.length) : term.value;
      a.textContent = compact(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function show(data) {
    results.replaceChildren();
    if ("boolean" in data) { count.textContent = data.boolean ? "yes" : "no"; return; }
    const variables = data.head.vars;
    const head = results.createTHead().insertRow();
    for (const v of variables) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = results.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of variables) row.appendChild(cell(binding[v]));
    }
    const n = data.results.bindings.length;
    count.textContent = `${n} row${n === 1 ? "" : "s"}`;
  }

  function run(event) {
    if (event) event.preventDefault();
    error.hidden = true; graph.hidden = true; count.textContent = ""; results.replaceChildren();
    status.textContent = "running…";
    const started = performance.now();
    fetch("/sparql", {method: "POST", body: new URLSearchParams({query: text.value}),
      headers: {Accept: "application/sparql-results+json, text/turtle;q=0.9"}})
      .then((response) => response.text().then((body) => [response, body]))
      .then(([response, body]) => {
        status.textContent = `${Math.round(performance.now() - started)} ms`;
        if (!response.ok) { error.textContent = `${response.status}: ${body.trim()}`; error.hidden = false; return; }
        if ((response.headers.get("content-type") || "").startsWith("text/turtle")) {
          graph.textContent = body; graph.hidden = false; return;
        }
        show(JSON.parse(body));
      })
      .catch((failure) => { error.textContent = String(failure); error.hidden = false; });
  }

  function choose(name) {
    const found = library.find((q) => q.name === name);
    if (found) text.value = found.text;
  }

  examples.addEventListener("change", () => choose(examples.value));
  form.addEventListener("submit", run);
  const asked = new URLSearchParams(window.location.search).get("query");
  if (asked) { if (library.some((q) => q.name === asked)) { examples.value = asked; choose(asked); } else { text.value = asked; } run(); }
})();
