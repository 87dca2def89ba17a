/// The page syncd serves at `/`: the live feed, the duplicate groups, and two versions side by
/// side with their differences marked. Plain HTML, CSS and JavaScript over the public API,
/// carried inside the binary. With a token, open `/#token=…`: the page sends it on each call.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsroom-sync</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fafafa; }
  body { margin: 0; }
  header { background: #22303c; color: #fff; padding: .6rem 1rem; display: flex; gap: 1.5rem; align-items: baseline; }
  header h1 { font-size: 1.1rem; margin: 0; }
  #status { font-size: .85rem; opacity: .85; }
  main { display: grid; grid-template-columns: minmax(18rem, 1fr) 2.2fr; gap: 1rem; padding: 1rem; }
  section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .6rem .8rem; min-width: 0; }
  h2 { font-size: .95rem; margin: .2rem 0 .6rem; }
  ul { list-style: none; margin: 0; padding: 0; font-size: .85rem; }
  li { padding: .25rem 0; border-bottom: 1px solid #eee; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .type { display: inline-block; min-width: 7.5rem; font-family: ui-monospace, monospace; font-size: .75rem; color: #555; }
  .group { cursor: pointer; }
  .group:hover, .group.selected { background: #eef4fb; }
  .member { color: #666; font-size: .75rem; padding-left: 1rem; }
  #compare { grid-column: 2; grid-row: 1 / span 2; }
  #versions { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }
  .pane { white-space: pre-wrap; font-size: .9rem; line-height: 1.45; border: 1px solid #eee; padding: .5rem; border-radius: 4px; }
  .pane h3 { margin: 0 0 .4rem; font-size: .8rem; color: #555; }
  del { background: #fde2e1; color: #8a1c12; }
  ins { background: #dcf5dc; color: #185c18; text-decoration: none; }
  select { font-size: .85rem; }
  .empty { color: #888; font-style: italic; }
</style>
</head>
<body>
<header><h1>newsroom-sync</h1><span id="status">connecting…</span></header>
<main>
  <section id="groups-section"><h2>Duplicate groups (last 24 h)</h2><ul id="groups"><li class="empty">none yet</li></ul></section>
  <section id="compare"><h2 id="compare-title">Pick a group to compare its versions</h2>
    <div id="pickers"></div>
    <div id="versions"></div>
  </section>
  <section id="feed-section"><h2>Live feed</h2><ul id="feed"></ul></section>
</main>
<script>
"use strict";
const token = new URLSearchParams(location.hash.slice(1)).get("token");
const headers = token ? { Authorization: "Bearer " + token } : {};
const $ = (id) => document.getElementById(id);
let selected = null;
const text = (value) => document.createTextNode(value == null ? "" : String(value));
async function api(path) {
  const response = await fetch(path, { headers });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}
function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  for (const child of children) node.append(typeof child === "string" ? text(child) : child);
  return node;
}
async function refreshStatus() {
  try {
    const s = await api("/v1/status");
    $("status").textContent = `${s.stories} stories · ${s.versions} versions · ${s.duplicates} duplicates · ${s.rejected} rejected · seq ${s.last_seq}` + (s.healthy ? "" : " · UNHEALTHY: " + s.problem);
  } catch (error) { $("status").textContent = String(error); }
}
async function refreshGroups() {
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const list = await api("/v1/groups?limit=100&since=" + encodeURIComponent(since));
  const ul = $("groups");
  ul.replaceChildren();
  if (list.groups.length === 0) ul.append(element("li", { class: "empty" }, "none yet"));
  for (const group of list.groups) {
    const item = element("li", { class: group.story === selected ? "group selected" : "group", "data-story": group.story },
      element("b", {}, "#" + group.story + " "), group.headline);
    item.addEventListener("click", () => showStory(group.story));
    ul.append(item);
    for (const member of group.members) {
      const evidence = member.similarity == null ? "" : ` (similarity ${Math.round(member.similarity * 100)}%, containment ${Math.round(member.containment * 100)}%)`;
      ul.append(element("li", { class: "member" }, `${member.type} ${member.file || ""}${evidence} — ${member.reason || ""}`));
    }
  }
}
function addEvent(event) {
  const item = element("li", { "data-seq": event.seq }, element("span", { class: "type" }, event.type),
    `#${event.seq} ` + (event.story ? `story ${event.story}: ` : "") + (event.headline || event.file || "") + (event.reason && event.type === "file.rejected" ? " — " + event.reason : ""));
  $("feed").prepend(item);
  while ($("feed").children.length > 200) $("feed").lastChild.remove();
}
async function follow() {
  // Server-Sent Events read through fetch, so a token can travel in a header; reconnects
  // from the last event seen.
  let last = 0;
  for (;;) {
    try {
      const response = await fetch("/v1/changes/stream?since=" + last, { headers });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split("\n").find((line) => line.startsWith("data: "));
          if (!data) continue;
          const event = JSON.parse(data.slice(6));
          last = event.seq;
          addEvent(event);
          refreshStatus();
          if (event.type !== "file.rejected") refreshGroups().catch(() => {});
        }
      }
    } catch (error) { /* syncd restarting: try again */ }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
async function showStory(id, from, to) {
  selected = id;
  for (const node of document.querySelectorAll(".group")) node.classList.toggle("selected", node.dataset.story == id);
  const story = await api("/v1/stories/" + id);
  const count = story.versions.length;
  to = to || count;
  from = from || Math.max(1, to - 1);
  $("compare-title").textContent = `Story ${story.id}: ${story.headline}`;
  const picker = (name, selected) => {
    const select = element("select", { id: name });
    for (const v of story.versions) {
      const option = element("option", { value: v.number }, `v${v.number} · ${v.file}`);
      if (v.number == selected) option.selected = true;
      select.append(option);
    }
    select.addEventListener("change", () => showStory(id, Number($("from").value), Number($("to").value)));
    return select;
  };
  $("pickers").replaceChildren(text("Compare "), picker("from", from), text(" with "), picker("to", to));
  const diff = await api(`/v1/stories/${id}/diff?from=${from}&to=${to}`);
  const left = element("div", { class: "pane", id: "left" }, element("h3", {}, `version ${from}: ${story.versions[from - 1].file}`));
  const right = element("div", { class: "pane", id: "right" }, element("h3", {}, `version ${to}: ${story.versions[to - 1].file}`));
  for (const run of diff.runs) {
    if (run.op === "equal") { left.append(text(run.text)); right.append(text(run.text)); }
    else if (run.op === "delete") left.append(element("del", {}, run.text));
    else right.append(element("ins", {}, run.text));
  }
  $("versions").replaceChildren(left, right);
  history.replaceState(null, "", `?story=${id}&from=${from}&to=${to}` + location.hash);
}
refreshStatus();
refreshGroups().catch((error) => { $("groups").replaceChildren(element("li", { class: "empty" }, String(error))); });
follow();
const query = new URLSearchParams(location.search);
if (query.get("story")) showStory(Number(query.get("story")), Number(query.get("from")) || undefined, Number(query.get("to")) || undefined);
</script>
</body>
</html>
"""#
}
