/* Live panel of a convening: every few seconds, fetch the panel's JSON from this site and
   redraw #live-panel with the same markup as templates/outcomes/live.html. No framework and
   nothing fetched from elsewhere; it pauses while the tab is hidden and announces changes
   through a polite live region. Without script the page refreshes itself (noscript). */
(function () {
  "use strict";

  var root = document.getElementById("live");
  if (!root || !window.fetch || !window.JSON) {
    return;
  }
  var panel = document.getElementById("live-panel");
  var announce = document.getElementById("live-announce");
  var updated = document.getElementById("live-updated");
  var problem = document.getElementById("live-problem");
  var url = root.getAttribute("data-url");
  var delay = Math.max(2, parseInt(root.getAttribute("data-seconds"), 10) || 5) * 1000;
  var drawn = null; // the content last drawn, as text, to redraw only on a change
  var summary = panel.getAttribute("data-summary") || "";
  var timer = null;
  var busy = false;

  // el("p", {className: "x"}, ["text", otherNode]): text is always set as text, never as HTML.
  function el(tag, props, children) {
    var node = document.createElement(tag);
    var key;
    for (key in props || {}) {
      if (Object.prototype.hasOwnProperty.call(props, key)) {
        if (key === "className" || key === "id") {
          node[key] = props[key];
        } else {
          node.setAttribute(key, props[key]);
        }
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") {
        return;
      }
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  // A <meter>, as in the template: no style attribute, which the page's CSP would refuse.
  function bar(percent) {
    var value = Math.max(0, Math.min(100, Number(percent) || 0));
    return el("meter", {
      className: "live-bar", min: "0", max: "100", value: String(value), "aria-hidden": "true"
    });
  }

  function line(share, extraClass) {
    return el("div", { className: "live-line" + (extraClass ? " " + extraClass : "") }, [
      el("dt", {}, [share.label]),
      el("dd", {}, [el("span", { className: "live-count" }, [share.text]), bar(share.percent)])
    ]);
  }

  function openMotion(motion) {
    var lines = motion.channels.map(function (share) {
      return line(share);
    });
    lines.push(line(motion.total, "live-total"));
    var id = "live-m" + motion.id;
    return el("section", { className: "live-motion", "aria-labelledby": id }, [
      el("h2", { id: id }, [el("bdi", {}, [motion.heading])]),
      el("p", { className: "live-meta" }, [motion.meta]),
      el("dl", { className: "live-turnout" }, lines),
      el("p", { className: "live-quorum " + (motion.quorum_reached ? "is-reached" : "is-short") }, [
        motion.quorum_text
      ])
    ]);
  }

  function result(data) {
    var id = "live-r" + data.id;
    var head = el("tr", {}, data.headers.map(function (text) {
      return el("th", { scope: "col" }, [text]);
    }));
    var rows = data.rows.map(function (row) {
      return el("tr", row.total ? { className: "total" } : {}, [
        el("th", { scope: "row" }, [row.label]),
        el("td", {}, [row.yes]),
        el("td", {}, [row.no]),
        el("td", {}, [row.abstain]),
        el("td", {}, [row.text])
      ]);
    });
    var parts = [
      el("h2", { id: id }, [el("bdi", {}, [data.heading])]),
      el("p", { className: "live-meta" }, [data.meta]),
      el("p", { className: "live-verdict " + (data.adopted ? "is-adopted" : "is-rejected") }, [
        el("strong", {}, [data.verdict]),
        data.verdict_note ? " — " + data.verdict_note : ""
      ]),
      el("p", { className: "live-meta" }, [data.closed_text]),
      el("div", { className: "table-wrap", role: "region", tabindex: "0", "aria-label": data.caption }, [
        el("table", { className: "live-table" }, [
          el("caption", { className: "visually-hidden" }, [data.caption]),
          el("thead", {}, [head]),
          el("tbody", {}, rows)
        ])
      ])
    ];
    if (data.secret_note) {
      parts.push(el("p", { className: "live-meta" }, [data.secret_note]));
    }
    if (data.roll_call.length) {
      parts.push(el("h3", {}, [data.roll_call_heading]));
      parts.push(el("ul", { className: "live-roll" }, data.roll_call.map(function (vote) {
        return el("li", { className: "choice-" + vote.choice }, [
          el("bdi", {}, [vote.organization]), " ",
          el("strong", {}, [vote.choice_label]), " ",
          el("span", { className: "live-note" }, [vote.note])
        ]);
      })));
    }
    return el("section", { className: "live-result", "aria-labelledby": id }, parts);
  }

  function draw(data) {
    var nodes;
    if (data.state === "open") {
      nodes = [el("p", { className: "live-state" }, [data.heading_open])].concat(
        data.motions.map(openMotion)
      );
    } else if (data.state === "result" && data.result) {
      nodes = [el("p", { className: "live-state" }, [data.heading_result]), result(data.result)];
    } else {
      nodes = [el("p", { className: "live-empty" }, [data.empty_text])];
    }
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    nodes.forEach(function (node) {
      panel.appendChild(node);
    });
  }

  function schedule() {
    if (timer === null && !document.hidden) {
      timer = window.setTimeout(refresh, delay);
    }
  }

  function refresh() {
    timer = null;
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    window.fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (data) {
      var content = JSON.stringify([data.state, data.motions, data.result, data.empty_text]);
      problem.hidden = true;
      updated.textContent = data.updated_text;
      if (content !== drawn) {
        draw(data);
        drawn = content;
      }
      if (data.summary !== summary) {
        summary = data.summary;
        announce.textContent = summary;
      }
    }).catch(function () {
      problem.textContent = root.getAttribute("data-offline");
      problem.hidden = false;
    }).then(function () {
      busy = false;
      schedule();
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else {
      refresh();
    }
  });
  schedule();
})();
