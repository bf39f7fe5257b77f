// Every editor integration names the settings the server really has: the
// settings contributed by the VS Code extension, written out in the Helix
// configuration and documented for Neovim are exactly the fields of the
// server's `Settings` (src/lsp/config.rs), and the running server reads each
// one (a value of the wrong type draws a warning naming it; an unknown key
// draws the warning for a key that is no setting).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "smol-toml";
import {
  editors,
  flatten,
  isUnknownKeyWarning,
  readJson,
  rustNumberConstants,
  serverBinary,
  serverReadsKey,
  serverWarnings,
  settingsKeysFromSource,
  wrongValueFor,
} from "./lib.mjs";

const manifest = readJson(path.join(editors, "vscode", "package.json"));
const properties = manifest.contributes.configuration.properties;
// Settings of the extension itself, never read by the server.
const CLIENT_ONLY = new Set(["languages", "server", "trace"]);
const vscodeServerSettings = Object.fromEntries(
  Object.entries(properties)
    .map(([name, prop]) => [name.slice("jianggao.".length), prop])
    .filter(([key]) => !CLIENT_ONLY.has(key.split(".")[0])),
);
const sourceKeys = settingsKeysFromSource();
const helix = parse(fs.readFileSync(path.join(editors, "helix", "languages.toml"), "utf8"));
const helixSettings = flatten(helix["language-server"].jianggao.config.jianggao);

describe("settings", () => {
  it("src/lsp/config.rs has settings to compare with", () => {
    assert.ok(sourceKeys.includes("corpus.builtin") && sourceKeys.includes("corpus.paths"), sourceKeys.join(", "));
  });

  it("VS Code contributes exactly the server's settings", () => {
    assert.deepEqual(Object.keys(vscodeServerSettings).sort(), sourceKeys);
  });

  it("the Helix configuration lists exactly the server's settings, with the VS Code defaults", () => {
    assert.deepEqual(Object.keys(helixSettings).sort(), sourceKeys);
    for (const [key, value] of Object.entries(helixSettings)) {
      assert.deepEqual(value, vscodeServerSettings[key].default, key);
    }
  });

  it("the confidence thresholds and the speaking rate default to the server's own (src/)", () => {
    const constants = rustNumberConstants();
    const defaults = {
      "completion.minConfidence": "DEFAULT_MIN_CONFIDENCE",
      "completion.inline.minConfidence": "DEFAULT_INLINE_MIN_CONFIDENCE",
      "speech.charsPerMinute": "DEFAULT_CHARS_PER_MINUTE",
    };
    for (const [key, constant] of Object.entries(defaults)) {
      assert.equal(typeof constants[constant], "number", `no \`pub const ${constant}: f64\` in src/`);
      assert.equal(vscodeServerSettings[key].default, constants[constant], key);
    }
  });

  it("the Neovim README names only real settings", () => {
    const readme = fs.readFileSync(path.join(editors, "nvim", "README.md"), "utf8");
    const section = readme.split(/^## /m).find((s) => s.startsWith("Server settings"));
    const table = [...section.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...table].sort(), sourceKeys);
  });

  const bin = serverBinary();
  for (const key of Object.keys(vscodeServerSettings)) {
    it(`the server reads ${key}`, async () => {
      assert.ok(await serverReadsKey(bin, key, wrongValueFor(vscodeServerSettings[key].type)), `no warning for a bad ${key}`);
    });
  }

  it("the probe cannot pass for a key the server does not have", async () => {
    assert.equal(await serverReadsKey(bin, "corpus.noSuchSetting", { "not-a-valid-value": [1] }), false);
    assert.equal(await serverReadsKey(bin, "noSuchPart.enable", { "not-a-valid-value": [1] }), false);
  });

  it("the server names a key it does not have, and the one meant", async () => {
    const warnings = await serverWarnings(bin, { completion: { maxitems: 5 }, trace: { server: "verbose" } });
    assert.ok(
      warnings.some((w) => isUnknownKeyWarning(w) && w.includes("jianggao.completion.maxitems") && w.includes("maxItems")),
      warnings.join("\n"),
    );
    assert.ok(!warnings.some((w) => w.includes("trace")), `the extension's own setting is no mistake: ${warnings.join("\n")}`);
  });
});
