// The Helix configuration: valid TOML with only keys Helix knows, jianggao
// added to Markdown beside marksman and markdown-oxide, a plain-text language
// for .txt, the completion advice for Chinese and diagnostics shown inline.
// (Helix itself is not installable on Debian 12; when `hx` is on PATH, its own
// check runs too.)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "smol-toml";
import { editors, serverBinary } from "./lib.mjs";

const languagesFile = path.join(editors, "helix", "languages.toml");
const configFile = path.join(editors, "helix", "config.toml");
const languages = parse(fs.readFileSync(languagesFile, "utf8"));
const config = parse(fs.readFileSync(configFile, "utf8"));

// Keys Helix accepts (its book, languages.md and editor.md). Helix rejects
// unknown keys in these tables.
const LANGUAGE_KEYS = new Set([
  "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots", "auto-format",
  "diagnostic-severity", "comment-tokens", "block-comment-tokens", "indent", "grammar", "formatter",
  "soft-wrap", "text-width", "workspace-lsp-roots", "persistent-diagnostic-sources", "language-servers",
  "auto-pairs", "debugger", "rulers", "path-completion", "word-completion",
]);
const SERVER_KEYS = new Set(["command", "args", "environment", "config", "timeout", "required-root-patterns"]);

const language = (name) => languages.language.find((l) => l.name === name);

describe("helix", () => {
  it("languages.toml uses only keys Helix knows", () => {
    for (const lang of languages.language) {
      for (const key of Object.keys(lang)) assert.ok(LANGUAGE_KEYS.has(key), `[[language]] ${lang.name}: ${key}`);
    }
    for (const key of Object.keys(languages["language-server"].jianggao)) assert.ok(SERVER_KEYS.has(key), key);
  });

  it("starts the jianggao binary, which serves LSP with these arguments", () => {
    const server = languages["language-server"].jianggao;
    assert.equal(server.command, path.basename(serverBinary()));
    const help = spawnSync(serverBinary(), ["--help"], { encoding: "utf8" });
    assert.equal(help.status, 0, help.stderr);
    for (const arg of server.args ?? []) assert.ok(help.stdout.includes(arg), `--help does not mention ${arg}`);
  });

  it("adds jianggao to Markdown and keeps Helix's own Markdown servers (25.07)", () => {
    assert.deepEqual(language("markdown")["language-servers"], ["marksman", "markdown-oxide", "jianggao"]);
  });

  it("defines a plain-text language for .txt served by jianggao", () => {
    const text = language("text");
    assert.ok(text.scope && text["file-types"].includes("txt"));
    assert.deepEqual(text["language-servers"], ["jianggao"]);
  });

  it("advises completion after one Chinese character", () => {
    assert.equal(config.editor["completion-trigger-len"], 1);
  });

  it("shows diagnostics in the text, which Helix 25.07 does not by default", () => {
    assert.equal(config.editor["end-of-line-diagnostics"], "hint");
    assert.equal(config.editor["inline-diagnostics"]["cursor-line"], "hint");
  });

  const hx = spawnSync("sh", ["-c", "command -v hx || command -v helix"], { encoding: "utf8" }).stdout.trim();
  it("Helix itself loads the configuration", { skip: hx ? false : "Helix is not installed (not packaged for Debian 12)" }, () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-helix-"));
    process.on("exit", () => fs.rmSync(home, { recursive: true, force: true }));
    fs.mkdirSync(path.join(home, "helix"));
    fs.copyFileSync(languagesFile, path.join(home, "helix", "languages.toml"));
    fs.copyFileSync(configFile, path.join(home, "helix", "config.toml"));
    const env = { ...process.env, XDG_CONFIG_HOME: home, PATH: `${path.dirname(serverBinary())}:${process.env.PATH}` };
    const health = spawnSync(hx, ["--health", "markdown"], { encoding: "utf8", env });
    assert.equal(health.status, 0, health.stderr);
    assert.match(health.stdout, /jianggao/);
  });
});
