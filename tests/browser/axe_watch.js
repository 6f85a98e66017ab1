// Добавляется в каждую страницу браузерных тестов после axe.min.js (см. tests/browser/quality.py).
// axe-core проверяет страницу после загрузки и после каждой замены htmx и сообщает серьёзные
// и критические нарушения строкой console.info("__AXE__{...}"), которую читает фикстура page.
(() => {
  if (window.top !== window || typeof axe === "undefined") return;
  const SEVERE = new Set(["serious", "critical"]);
  const report = (label) => axe.run(document, { resultTypes: ["violations"] }).then((result) => {
    const violations = result.violations.filter((v) => SEVERE.has(v.impact)).map((v) => ({
      id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(1, 2).join("")),
    }));
    console.info("__AXE__" + JSON.stringify({ url: location.pathname + location.search, label, violations }));
  });
  let chain = Promise.resolve();
  let timer = null;
  const queue = (label) => { chain = chain.then(() => report(label)).catch((e) => console.info("__AXE_FAIL__" + e)); return chain; };
  const schedule = (label) => { clearTimeout(timer); timer = setTimeout(() => queue(label), 200); };
  window.__axeFlush = () => { clearTimeout(timer); return queue("final"); };
  window.addEventListener("load", () => schedule("load"));
  document.addEventListener("htmx:afterSettle", () => schedule("htmx"));
})();
