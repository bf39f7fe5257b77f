// The VS Code extension in a real VS Code: the packaged .vsix is installed
// into code-server, which is opened in Debian's headless Chromium. The draft's
// placeholder warnings must reach the Problems panel, its numbered sections the
// Outline view, and typing on a new line must pop up the suggest widget with
// the phrase and show its continuation as ghost text, which Tab accepts; the
// speaking time is drawn as inlay hints and the hover explains a phrase of the
// templates and a placeholder.
// Screenshots are saved under test-artifacts/.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { launchChromium } from "./browser.mjs";
import { artifacts, editors, expectations, fixtures, here } from "./lib.mjs";

const codeServer = path.join(here, "node_modules", "code-server", "out", "node", "entry.js");
const expect = expectations();

function findVsix() {
  if (process.env.JIANGGAO_VSIX) return process.env.JIANGGAO_VSIX;
  const dir = path.join(editors, "vscode");
  const found = fs.readdirSync(dir).filter((f) => f.endsWith(".vsix")).map((f) => path.join(dir, f));
  found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0];
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe("vscode (code-server)", { skip: fs.existsSync(codeServer) ? false : "code-server is not installed (run editors/test/install.sh)" }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-vscode-"));
  const userData = path.join(root, "user-data");
  const extensionsDir = path.join(root, "extensions");
  const workspace = path.join(root, "workspace");
  let server;
  let serverLog = "";
  let browser;
  let page;

  before(async () => {
    const vsix = findVsix();
    assert.ok(vsix, "no .vsix in editors/vscode: run `npx vsce package` there (editors/ci.sh does)");
    fs.mkdirSync(path.join(userData, "User"), { recursive: true });
    fs.mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
    fs.copyFileSync(path.join(fixtures, "draft.md"), path.join(workspace, "draft.md"));
    // An empty draft, for the speech skeletons.
    fs.writeFileSync(path.join(workspace, expect.skeleton.file), "");
    // Ghost text for any continuation, however unsure: the test is about
    // showing and accepting it, not about the server's threshold.
    fs.writeFileSync(
      path.join(workspace, ".vscode", "settings.json"),
      JSON.stringify({ "jianggao.completion.inline.minConfidence": 0 }),
    );
    // Quiet start-up; nothing here touches what the extension configures.
    fs.writeFileSync(
      path.join(userData, "User", "settings.json"),
      JSON.stringify({
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "telemetry.telemetryLevel": "off",
        "extensions.ignoreRecommendations": true,
        "extensions.autoCheckUpdates": false,
        "update.mode": "none",
        "security.workspace.trust.enabled": false,
        "git.enabled": false,
        "editor.minimap.enabled": false,
        "outline.collapseItems": "alwaysExpand",
        // The draft stays open (a preview tab would give way to the Settings editor).
        "workbench.editor.enablePreview": false,
        "workbench.editor.enablePreviewFromQuickOpen": false,
        "workbench.colorTheme": "Default Light Modern",
        "window.commandCenter": false,
        "chat.commandCenter.enabled": false,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
      }),
    );
    const env = { ...process.env };
    delete env.JIANGGAO_PATH; // the .vsix's bundled server is the one to use
    const common = ["--user-data-dir", userData, "--extensions-dir", extensionsDir];
    const install = spawnSync(process.execPath, [codeServer, ...common, "--install-extension", vsix], { encoding: "utf8", env, timeout: 120_000 });
    assert.equal(install.status, 0, `installing ${vsix}: ${install.stdout}${install.stderr}`);
    assert.match(install.stdout, /jianggao/, install.stdout);

    const port = await freePort();
    server = spawn(
      process.execPath,
      [codeServer, ...common, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check",
        "--disable-workspace-trust", "--disable-getting-started-override", workspace],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout.on("data", (d) => (serverLog += d));
    server.stderr.on("data", (d) => (serverLog += d));
    const end = Date.now() + 60_000;
    while (!/HTTP server listening/.test(serverLog)) {
      assert.ok(Date.now() < end && server.exitCode === null, `code-server did not start:\n${serverLog}`);
      await sleep(200);
    }
    const launched = await launchChromium({ viewport: { width: 1500, height: 950 }, locale: "en-US" });
    browser = launched;
    page = await launched.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    // Open the draft through Quick Open, as a user would.
    await page.locator(".explorer-folders-view").waitFor({ timeout: 60_000 });
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type("draft.md");
    await page.locator(".quick-input-list .monaco-list-row").first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines").first().waitFor();
  });

  after(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    if (page) await page.screenshot({ path: path.join(artifacts, "vscode-last.png") }).catch(() => {});
    if (browser) await browser.close();
    if (server) server.kill();
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, "code-server.log"), serverLog);
    // The extension unpacked, the user data: some 150 MB a run.
    await sleep(500);
    try {
      fs.rmSync(root, { recursive: true, force: true });
    } catch (e) {
      console.warn(`could not remove ${root}: ${e.message}`);
    }
  });

  async function runCommand(title) {
    await page.keyboard.press("Control+Shift+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
    await page.keyboard.press("Enter");
  }

  it("shows the placeholder warnings in the Problems panel", async () => {
    await runCommand("View: Focus Problems");
    const rows = page.locator(".markers-panel .monaco-list-row");
    const end = Date.now() + 60_000;
    let texts = [];
    while (Date.now() < end) {
      texts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? e.textContent ?? ""));
      // Rows: one for the file, then one per problem.
      if (texts.filter((t) => /jianggao/.test(t)).length >= expect.placeholders.length) break;
      await sleep(500);
    }
    const problems = texts.filter((t) => /jianggao/.test(t));
    assert.ok(problems.length >= expect.placeholders.length, `Problems panel: ${JSON.stringify(texts)}`);
    for (const [, text] of expect.placeholders) {
      assert.ok(problems.some((p) => p.includes(text)), `no problem mentions ${text}: ${JSON.stringify(problems)}`);
    }
  });

  it("lists the numbered sections in the Outline view", async () => {
    await runCommand("Explorer: Focus on Outline View");
    const rows = page.locator(".outline-pane .monaco-list-row, .pane-body.outline-pane .monaco-list-row");
    let tree = [];
    const names = expect.outline.flat();
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      tree = await rows.evaluateAll((els) =>
        els.map((e) => ({ level: Number(e.getAttribute("aria-level")), text: e.textContent ?? "" })),
      );
      if (names.every((n) => tree.some((r) => r.text.includes(n)))) break;
      await sleep(500);
    }
    for (const [parent, child] of expect.outline) {
      const p = tree.findIndex((r) => r.text.includes(parent));
      const c = tree.findIndex((r) => r.text.includes(child));
      assert.ok(p >= 0 && c >= 0, `outline rows: ${JSON.stringify(tree)}`);
      const between = tree.slice(p + 1, c);
      assert.ok(c > p && tree[c].level > tree[p].level && between.every((r) => r.level > tree[p].level),
        `${child} is not under ${parent}: ${JSON.stringify(tree)}`);
    }
  });

  async function problemCount() {
    const texts = await page
      .locator(".markers-panel .monaco-list-row")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? e.textContent ?? ""));
    return texts.filter((t) => /jianggao/.test(t)).length;
  }

  async function waitForProblems(pred, what) {
    const end = Date.now() + 30_000;
    let n = await problemCount();
    while (Date.now() < end && !pred(n)) {
      await sleep(300);
      n = await problemCount();
    }
    assert.ok(pred(n), `${what}: ${n} problems`);
  }

  // Flips a boolean setting in the Settings editor, as a user would.
  async function toggleSetting(id) {
    await runCommand("Preferences: Open User Settings");
    await page.locator(".settings-editor").waitFor();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(id);
    const checkbox = page.locator(`.settings-editor .setting-item-bool[data-key="${id}"] .setting-value-checkbox, .settings-editor .setting-item-contents:has(.setting-item-label) .setting-value-checkbox`).first();
    await checkbox.waitFor({ timeout: 30_000 });
    await checkbox.click();
    await sleep(300);
    if (process.env.JIANGGAO_E2E_DEBUG) await page.screenshot({ path: `/tmp/toggle-${Date.now()}.png` });
    const tab = page.locator(".tabs-container .tab", { hasText: "Settings" }).first();
    await tab.hover();
    await tab.locator(".action-label.codicon-close, .codicon-close").first().click();
    await tab.waitFor({ state: "detached" });
  }

  it("forwards a settings change to the running server", async () => {
    await runCommand("View: Focus Problems");
    await waitForProblems((n) => n >= expect.placeholders.length, "before the change");
    await toggleSetting("jianggao.placeholders.enable");
    await waitForProblems((n) => n === 0, "after turning jianggao.placeholders.enable off");
    await toggleSetting("jianggao.placeholders.enable");
    await waitForProblems((n) => n >= expect.placeholders.length, "after turning it back on");
  });

  async function outputText() {
    // The editor renders spaces as no-break spaces.
    return ((await page.locator(".output-view .view-lines").first().textContent()) ?? "").replace(/\u00a0/g, " ");
  }

  it("logs to its output channel, and restarts the server on command", async () => {
    await runCommand("jianggao: Show the server log");
    const end = Date.now() + 30_000;
    let text = "";
    while (Date.now() < end && !/server started/.test(text)) {
      text = await outputText();
      await sleep(300);
    }
    assert.match(text, /starting .*jianggao \(found through bundled\)/, text);
    assert.match(text, /server started/, text);
    await runCommand("jianggao: Restart the language server");
    const end2 = Date.now() + 30_000;
    while (Date.now() < end2 && !/restarting[\s\S]*server started/.test(text)) {
      text = await outputText();
      await sleep(300);
    }
    assert.match(text, /restarting[\s\S]*server started/, text);
  });

  it("pops up the phrase in the suggest widget while typing", async () => {
    // For the screenshot: the file list folded away so that the Outline shows
    // whole, the Problems panel open.
    const folders = page.locator(".pane-header", { hasText: /^\s*workspace/i }).first();
    if ((await folders.getAttribute("aria-expanded").catch(() => null)) === "true") {
      await folders.locator(".title").first().click().catch(() => {});
    }
    await runCommand("View: Focus Problems");
    // Back to the editor, at the end of the draft, on a new line.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    for (const ch of expect.completion.typed) {
      await page.keyboard.type(ch);
      await sleep(60);
    }
    const widget = page.locator(".suggest-widget.visible");
    const want = expect.completion.continues;
    await widget.waitFor({ timeout: 30_000 });
    const row = widget.locator(".monaco-list-row", { hasText: want }).first();
    await row.waitFor({ timeout: 30_000 });
    await sleep(500);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "vscode.png") });
  });

  it("shows the continuation as ghost text, and Tab accepts it", async () => {
    const { typed, continues } = expect.completion;
    // A new line at the end of the draft, away from the previous test's menu.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    for (const ch of typed) {
      await page.keyboard.type(ch);
      await sleep(60);
    }
    // While the suggest widget is open VS Code draws the ghost text in its
    // "preview" style (.ghost-text-decoration-preview), else plain.
    const ghost = page.locator(".monaco-editor .view-line [class*='ghost-text-decoration']", { hasText: continues });
    await ghost.first().waitFor({ timeout: 30_000 });
    // With the suggest widget open, Tab would take its item instead: close it,
    // so that what Tab accepts can only be the ghost text.
    const widget = page.locator(".suggest-widget.visible");
    if ((await widget.count()) > 0) {
      await page.keyboard.press("Escape");
      await widget.waitFor({ state: "detached", timeout: 10_000 }).catch(() => {});
    }
    assert.equal(await widget.count(), 0, "the suggest widget is still open");
    assert.ok((await ghost.count()) > 0, "the ghost text went away with the suggest widget");
    await sleep(300);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "vscode-ghost-text.png") });
    await page.keyboard.press("Tab");
    await ghost.first().waitFor({ state: "detached", timeout: 10_000 });
    // The document (saved, as a user would) now holds the continuation.
    await page.keyboard.press("Control+S");
    const draft = path.join(workspace, "draft.md");
    const end = Date.now() + 10_000;
    let lines = [];
    while (Date.now() < end) {
      lines = fs.readFileSync(draft, "utf8").split("\n");
      if (lines.includes(typed + continues)) break;
      await sleep(200);
    }
    assert.equal(lines.at(-1), typed + continues, `draft.md ends with: ${JSON.stringify(lines.slice(-3))}`);
  });

  // Puts the cursor `offset` characters into the first occurrence of `text`
  // in the draft, through Go to Line (`:line:column`, 1-based, in UTF-16
  // units as VS Code counts them), as a user would.
  async function goTo(text, offset = 0) {
    const lines = fs.readFileSync(path.join(fixtures, "draft.md"), "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes(text));
    assert.ok(line >= 0, `draft.md has no line with ${text}`);
    const column = lines[line].indexOf(text) + offset + 1;
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(`:${line + 1}:${column}`);
    await page.keyboard.press("Enter");
    await input.waitFor({ state: "hidden" });
  }

  it("draws the speaking time as inlay hints after the title and the top-level headings", async () => {
    for (const { after, label } of expect.inlayHints) {
      await goTo(after);
      // VS Code draws an inlay hint as text injected into the line.
      const line = page.locator(".part.editor .monaco-editor .view-line").filter({ hasText: after }).filter({ hasText: /分钟/ });
      await line.first().waitFor({ timeout: 30_000 });
      const text = ((await line.first().textContent()) ?? "").replace(/\u00a0/g, " ");
      const hint = text.slice(text.indexOf(after) + after.length).trim();
      assert.match(hint, new RegExp(label), `the line reads ${JSON.stringify(text)}`);
    }
    await sleep(300);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "vscode-inlay-hints.png") });
  });

  for (const [i, { what, at, offset, shows }] of expect.hover.entries()) {
    it(`shows on hover ${what}`, async () => {
      await goTo(at, offset);
      await runCommand("Show or Focus Hover");
      // VS Code draws the problem's hover at once and adds the server's
      // answer when it comes: wait for a hover that holds all of it.
      const hover = shows.reduce((l, s) => l.filter({ hasText: s }), page.locator(".monaco-hover"));
      const shown = await hover.first().waitFor({ timeout: 30_000 }).then(() => true, () => false);
      const texts = await page.locator(".monaco-hover").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
      assert.ok(shown, `no hover shows all of ${JSON.stringify(shows)}: ${JSON.stringify(texts)}`);
      await sleep(300);
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, `vscode-hover-${i + 1}.png`) });
      await page.keyboard.press("Escape");
    });
  }

  it("offers speech skeletons in an empty draft, as a snippet whose fields Tab visits", async () => {
    const { file, typed, label, fields, lines: want } = expect.skeleton;
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type(file);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: file }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: file }).waitFor({ timeout: 30_000 });
    // The writer starts the salutation and asks for suggestions (VS Code
    // does not ask by itself after one character).
    await page.locator(".part.editor .monaco-editor .view-lines").first().click();
    await page.keyboard.type(typed);
    await sleep(500);
    await page.keyboard.press("Control+Space");
    const widget = page.locator(".suggest-widget.visible");
    await widget.locator(".monaco-list-row", { hasText: label }).first().waitFor({ timeout: 30_000 });
    await sleep(300);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "vscode-skeletons.png") });
    await widget.locator(".monaco-list-row", { hasText: label }).first().click();
    // The snippet's first field is selected: type over it, then Tab to the
    // next (closing a suggestion list first, whose Tab would take an item).
    // Tab takes a suggestion or ghost text when one shows: Escape hides
    // them first (with neither showing, Escape would end the snippet).
    const ghost = page.locator(".monaco-editor .view-line [class*='ghost-text-decoration']");
    for (const [i, text] of fields.entries()) {
      if (i > 0) {
        await sleep(800);
        while ((await widget.count()) + (await ghost.count()) > 0) {
          await page.keyboard.press("Escape");
          await sleep(200);
        }
        await page.keyboard.press("Tab");
      }
      await page.keyboard.type(text);
    }
    await page.keyboard.press("Control+S");
    const saved = path.join(workspace, file);
    const until = Date.now() + 10_000;
    let lines = [];
    while (Date.now() < until) {
      lines = fs.readFileSync(saved, "utf8").split("\n");
      if (want.every((l) => lines.includes(l))) break;
      await sleep(200);
    }
    for (const l of want) assert.ok(lines.includes(l), `${file} has no line ${JSON.stringify(l)}: ${JSON.stringify(lines.slice(0, 8))}`);
    assert.ok(!lines.some((l) => l.includes("${")), "snippet syntax left in the text");
  });
});
