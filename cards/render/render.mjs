// Renders every Teams card golden file (tests/Cards/golden/teams-*.json) to docs/cards/<name>.png
// with the official adaptivecards renderer and the Teams light host config, in Debian's headless Chromium.
// Usage: node render.mjs <golden dir> <output dir> <host config json>
import { readFileSync, readdirSync, mkdirSync } from "node:fs";
import { join, basename, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [goldenDir, outDir, hostConfigPath] = process.argv.slice(2);
if (!goldenDir || !outDir || !hostConfigPath) {
  console.error("usage: node render.mjs <golden dir> <output dir> <host config json>");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const hostConfig = JSON.parse(readFileSync(hostConfigPath, "utf8"));
const files = readdirSync(goldenDir).filter((f) => f.startsWith("teams-") && f.endsWith(".json")).sort();
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
let problems = 0;
try {
  const page = await browser.newPage({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 1 });
  // Cards may point at images on the internet (charts); nothing leaves this machine, so those show as empty boxes.
  await page.route((url) => !url.protocol.startsWith("file"), (route) => route.abort());
  await page.goto(pathToFileURL(join(here, "page.html")).href);
  for (const file of files) {
    const name = basename(file, ".json").replace(/^teams-/, "");
    const card = teamsMentions(JSON.parse(readFileSync(join(goldenDir, file), "utf8")));
    const messages = await page.evaluate(([c, h]) => window.renderCard(c, h), [card, hostConfig]);
    for (const m of messages) { console.error(`${name}: ${m}`); problems++; }
    await shoot(page, join(outDir, `${name}.png`));
    // The reject form lives inside the announcement (Action.ShowCard); show it open too.
    if (name === "announcement") {
      await page.getByRole("button", { name: "Reject", exact: true }).first().click();
      await shoot(page, join(outDir, `${name}-reject-form.png`));
    }
    console.log(`rendered ${name}`);
  }
} finally {
  await browser.close();
}
if (problems > 0) {
  console.error(`${problems} renderer message(s)`);
  process.exit(1);
}

// Teams shows "<at>Name</at>" with a matching msteams mention entity as a highlighted @Name; the npm renderer
// does not know mentions, so the preview does that replacement itself (for entity texts only, as Teams does).
function teamsMentions(card) {
  const texts = (card.msteams?.entities ?? []).filter((e) => e.type === "mention").map((e) => [e.text, e.mentioned?.name]);
  if (texts.length === 0) return card;
  const replace = (node) => {
    if (typeof node === "string") return texts.reduce((s, [t, n]) => s.split(t).join(`**@${n}**`), node);
    if (Array.isArray(node)) return node.map(replace);
    if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "msteams" ? v : replace(v)]));
    return node;
  };
  return replace(card);
}

async function shoot(page, path) {
  await page.evaluate(() => document.fonts.ready);
  await page.locator("#frame").screenshot({ path });
}
