using System.Text;

namespace Gantry.Master.Stats;

/// <summary>
/// The live dashboard (/dashboard on --stats-http and --metrics): one self-contained page, no CDN, that follows
/// /dashboard/events (server-sent events, the stats document each second) and draws the worker table, requests per
/// second and average response time over the last two minutes, and the respawns and harakiri kills it saw happen
/// (from changes in pids, respawn and harakiri counts between events).
/// </summary>
internal static class DashboardPage
{
    public static readonly byte[] Html = Encoding.UTF8.GetBytes("""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>gantry dashboard</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
          h1 { font-size: 1.3em; margin: 0 0 .3em; }
          #summary { color: #555; margin-bottom: 1em; }
          .charts { display: flex; gap: 1.5em; flex-wrap: wrap; }
          figure { margin: 0; }
          figcaption { font-weight: 600; margin-bottom: .3em; }
          canvas { border: 1px solid #ccc; background: #fafafa; }
          table { border-collapse: collapse; margin-top: 1em; }
          th, td { padding: .25em .7em; text-align: right; border-bottom: 1px solid #eee; }
          th { background: #f0f0f0; }
          .busy { color: #1a7f37; font-weight: 600; } .cheap { color: #8250df; } .idle { color: #555; }
          #events { margin-top: 1em; max-height: 12em; overflow: auto; font-family: monospace; }
          #state.down { color: #c00; }
        </style>
        </head>
        <body>
        <h1>gantry <span id="version"></span> <small id="state">connecting…</small></h1>
        <div id="summary"></div>
        <div class="charts">
          <figure><figcaption>requests per second</figcaption><canvas id="rps" width="520" height="160"></canvas></figure>
          <figure><figcaption>average response time (ms)</figcaption><canvas id="latency" width="520" height="160"></canvas></figure>
        </div>
        <table id="workers"><thead><tr>
          <th>WID</th><th>PID</th><th>status</th><th>requests</th><th>RPS</th><th>avg</th><th>RSS</th><th>tx</th><th>respawns</th><th>harakiri</th><th>last spawn</th>
        </tr></thead><tbody></tbody></table>
        <h2 style="font-size:1.1em">recent respawns and harakiri</h2>
        <div id="events">none yet</div>
        <p><small>updates received: <span id="updates">0</span> · the stats JSON: <a href="/">/</a> (with --stats-http) · Prometheus: <a href="/metrics">/metrics</a></small></p>
        <script>
        "use strict";
        const points = 120, rps = [], latency = [], events = [];
        let previous = null, previousTime = 0, updates = 0;
        const size = b => b >= 1 << 30 ? (b / (1 << 30)).toFixed(1) + "G" : b >= 1 << 20 ? (b / (1 << 20)).toFixed(1) + "M"
          : b >= 1 << 10 ? (b / (1 << 10)).toFixed(1) + "K" : String(b);
        const clock = s => s ? new Date(s * 1000).toLocaleTimeString() : "-";
        function draw(id, values, color) {
          const canvas = document.getElementById(id), g = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
          g.clearRect(0, 0, w, h);
          const top = Math.max(1, ...values) * 1.15;
          g.strokeStyle = "#ddd"; g.fillStyle = "#777"; g.font = "11px sans-serif";
          for (let i = 0; i <= 4; i++) { const y = h - (h * i) / 4; g.beginPath(); g.moveTo(0, y); g.lineTo(w, y); g.stroke(); g.fillText((top * i / 4).toFixed(top < 10 ? 1 : 0), 3, y - 2); }
          g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
          values.forEach((v, i) => { const x = w - (values.length - 1 - i) * (w / (points - 1)), y = h - (v / top) * h; i ? g.lineTo(x, y) : g.moveTo(x, y); });
          g.stroke();
        }
        function note(text) {
          events.unshift(new Date().toLocaleTimeString() + "  " + text);
          events.length = Math.min(events.length, 50);
          document.getElementById("events").textContent = events.join("\n");
          document.getElementById("events").style.whiteSpace = "pre";
        }
        function update(stats) {
          const now = performance.now() / 1000, workers = stats.workers || [];
          const total = workers.reduce((sum, w) => sum + w.requests, 0);
          const rates = {};
          if (previous) {
            const seconds = Math.max(0.001, now - previousTime);
            let all = 0;
            for (const w of workers) {
              const before = previous.workers.find(p => p.id === w.id);
              const rate = before && w.requests >= before.requests ? (w.requests - before.requests) / seconds : 0;
              rates[w.id] = rate; all += rate;
              if (before && w.pid && before.pid && w.pid !== before.pid) note(`worker ${w.id} respawned (pid ${before.pid} → ${w.pid})`);
              if (before && w.harakiri_count > before.harakiri_count) note(`HARAKIRI on worker ${w.id} (pid ${before.pid})`);
            }
            rps.push(all);
            const busy = workers.filter(w => w.requests > 0);
            latency.push(busy.length ? busy.reduce((s, w) => s + w.avg_rt, 0) / busy.length / 1000 : 0);
            if (rps.length > points) { rps.shift(); latency.shift(); }
            draw("rps", rps, "#0969da");
            draw("latency", latency, "#bf3989");
          }
          previous = stats; previousTime = now;
          document.getElementById("version").textContent = stats.version;
          document.getElementById("summary").textContent =
            `master pid ${stats.pid} · ${workers.length} workers · ${total} requests · listen queue ${stats.listen_queue} · cwd ${stats.cwd}`;
          const body = document.querySelector("#workers tbody");
          body.innerHTML = "";
          for (const w of workers) {
            const row = body.insertRow();
            const cells = [w.id, w.pid, w.status, w.requests, (rates[w.id] || 0).toFixed(0), (w.avg_rt / 1000).toFixed(2) + "ms",
              size(w.rss), size(w.tx), w.respawn_count, w.harakiri_count, clock(w.last_spawn)];
            cells.forEach((value, i) => { const cell = row.insertCell(); cell.textContent = value; if (i === 2) cell.className = w.status; });
          }
          document.getElementById("updates").textContent = String(++updates);
        }
        const source = new EventSource("/dashboard/events");
        source.onopen = () => { const s = document.getElementById("state"); s.textContent = "live"; s.className = ""; };
        source.onerror = () => { const s = document.getElementById("state"); s.textContent = "disconnected, retrying…"; s.className = "down"; };
        source.onmessage = message => update(JSON.parse(message.data));
        </script>
        </body>
        </html>
        """);
}
