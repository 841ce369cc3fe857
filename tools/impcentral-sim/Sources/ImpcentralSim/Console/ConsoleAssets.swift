/// The console's one style sheet and one script, served by the simulator itself.
enum ConsoleAssets {
    static let css = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { display: flex; gap: 1em; align-items: center; padding: .5em 1em; background: #23395d; color: #fff; }
        header a { color: #fff; } header nav { flex: 1; } header form { margin: 0; }
        .brand { font-weight: bold; text-decoration: none; }
        main { padding: 1em 2em; }
        table { border-collapse: collapse; margin-bottom: 1em; }
        th, td { border-bottom: 1px solid #ddd; padding: .25em .75em; text-align: left; vertical-align: top; }
        dl { display: grid; grid-template-columns: max-content auto; gap: .25em 1em; }
        dt { font-weight: bold; } dd { margin: 0; }
        .on { color: #1a7f37; } .off { color: #b42318; } .error { color: #b42318; }
        .trail { margin-bottom: 0; color: #555; }
        .actions form { display: inline-block; margin: 0 1em .5em 0; }
        .login label { display: block; margin: .5em 0; }
        pre.code { background: #fff; border: 1px solid #ddd; padding: .5em; overflow: auto; max-height: 30em; }
        table.log td { font-family: ui-monospace, monospace; font-size: 13px; }
        """

    /// Confirms each action form, refreshes the page's live parts when the simulator's data
    /// changes and appends new log entries on a device page. Server text only ever reaches the
    /// page as `textContent` or as HTML the server rendered (and escaped).
    static let javaScript = """
        "use strict";
        document.addEventListener("submit", (event) => {
          const question = event.target.dataset.confirm;
          if (question && !window.confirm(question)) event.preventDefault();
        });

        async function watchChanges() {
          let generation = document.body.dataset.generation;
          if (generation === undefined) return;
          for (;;) {
            await new Promise((resolve) => setTimeout(resolve, 1000));
            try {
              const answer = await fetch("/console/changes", { headers: { Accept: "application/json" } });
              if (answer.status === 401) { window.location.assign("/console/login"); return; }
              const now = String((await answer.json()).generation);
              if (now === generation) continue;
              const page = await fetch(window.location.href);
              if (!page.ok || page.redirected) continue;
              const fresh = new DOMParser().parseFromString(await page.text(), "text/html");
              for (const part of document.querySelectorAll("[data-live]")) {
                const replacement = fresh.getElementById(part.id);
                if (replacement) part.replaceWith(document.importNode(replacement, true));
              }
              generation = now;
              document.body.dataset.generation = now;
            } catch (error) {
              await new Promise((resolve) => setTimeout(resolve, 2000));
            }
          }
        }

        async function tailLog(table) {
          const device = table.dataset.device;
          let after = table.dataset.after;
          for (;;) {
            try {
              const answer = await fetch(`/console/devices/${encodeURIComponent(device)}/logs?after=${after}`,
                                         { headers: { Accept: "application/json" } });
              if (answer.status === 401) { window.location.assign("/console/login"); return; }
              if (answer.status === 403 || answer.status === 404) return;  // production device, or gone
              if (!answer.ok) { await new Promise((resolve) => setTimeout(resolve, 2000)); continue; }
              const body = await answer.json();
              for (const entry of body.entries) {
                const row = table.insertRow();
                for (const text of [entry.time, entry.type, entry.msg]) row.insertCell().textContent = text;
              }
              after = String(body.after);
              table.dataset.after = after;
              table.dataset.state = "live";
            } catch (error) {
              await new Promise((resolve) => setTimeout(resolve, 2000));
            }
          }
        }

        document.addEventListener("DOMContentLoaded", () => {
          watchChanges();
          const log = document.getElementById("log");
          if (log) tailLog(log);
        });
        """
}
