// The contributions in package.json: every text localised in English and
// Chinese, every setting with a type, a default and a description, the
// Markdown quick-suggestion default that completions need, Restricted Mode,
// and what a plain `vsce package` needs.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { CLIENT_ONLY_SETTINGS, documentSelector, initializationOptions, serverSettings } from "../settings";

const root = path.join(__dirname, "..", "..");
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

interface Property {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  scope?: string;
}
interface Manifest {
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | "limited"; description?: string; restrictedConfigurations?: string[] };
  };
  repository: { type: string; url: string; directory: string };
  scripts: Record<string, string>;
  vsce: { dependencies?: boolean; baseContentUrl?: string; baseImagesUrl?: string };
  contributes: {
    configuration: { properties: Record<string, Property> };
    configurationDefaults: Record<string, Record<string, unknown>>;
    commands: { command: string; title: string }[];
  };
}

const manifest = read("package.json") as Manifest;
const english = read("package.nls.json") as Record<string, string>;
const chinese = read("package.nls.zh-cn.json") as Record<string, string>;

function placeholders(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      const m = /^%(.+)%$/.exec(v);
      if (m) {
        found.push(m[1]);
      }
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === "object") {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return found;
}

describe("package.json", () => {
  it("localises every %key% in English and Chinese, and nothing more", () => {
    const keys = placeholders(manifest).sort();
    assert.deepEqual(Object.keys(english).sort(), keys);
    assert.deepEqual(Object.keys(chinese).sort(), keys);
    for (const key of keys) {
      assert.match(chinese[key], /\p{Script=Han}/u, `the Chinese text of ${key} has no Chinese`);
    }
  });

  it("gives every setting a type, a default and a description", () => {
    for (const [name, prop] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(name.startsWith("jianggao."), name);
      assert.ok(prop.type, `${name} has no type`);
      assert.ok("default" in prop, `${name} has no default`);
      assert.ok(prop.description ?? prop.markdownDescription, `${name} has no description`);
    }
  });

  it("turns quick suggestions on for Markdown", () => {
    const markdown = manifest.contributes.configurationDefaults["[markdown]"];
    assert.deepEqual(markdown["editor.quickSuggestions"], { comments: "off", strings: "off", other: "on" });
  });

  it("activates for plain text and Markdown", () => {
    for (const language of ["plaintext", "markdown"]) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
  });

  it("has a restart command", () => {
    assert.ok(manifest.contributes.commands.some((c) => c.command === "jianggao.restartServer"));
  });
});

describe("Restricted Mode", () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  const properties = manifest.contributes.configuration.properties;

  it("runs in untrusted workspaces with what reaches outside the workspace restricted", () => {
    assert.equal(untrusted.supported, "limited");
    assert.ok(untrusted.description, "limited support needs a description");
    assert.deepEqual(
      [...(untrusted.restrictedConfigurations ?? [])].sort(),
      ["jianggao.corpus.paths", "jianggao.placeholders.extraPatterns", "jianggao.server.path"],
    );
    for (const key of untrusted.restrictedConfigurations ?? []) {
      assert.ok(key in properties, `${key} is not a setting`);
    }
  });

  it("never takes the server to run from a workspace's settings", () => {
    assert.equal(properties["jianggao.server.path"].scope, "machine");
  });
});

describe("packaging", () => {
  // Where this folder sits in the repository, e.g. `editors/vscode`.
  const folder = path.relative(path.join(root, "..", ".."), root).split(path.sep).join("/");
  const repository = manifest.repository.url.replace(/\.git$/, "");

  it("needs no flags: `vsce package` alone", () => {
    assert.equal(manifest.scripts.package, "vsce package");
    // The extension is bundled by esbuild: no node_modules in the .vsix.
    assert.equal(manifest.vsce.dependencies, false);
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.equal(manifest.repository.directory, folder);
  });

  it("points README links at this folder of the repository", () => {
    assert.equal(manifest.vsce.baseImagesUrl, `${repository}/raw/HEAD/${folder}`);
    assert.equal(manifest.vsce.baseContentUrl, `${repository}/blob/HEAD/${folder}`);
  });

  it("packages every image the README shows", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const packaged = fs.readFileSync(path.join(root, ".vscodeignore"), "utf8").split("\n");
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const image of images.filter((i) => !/^https:\/\//.test(i))) {
      assert.ok(fs.existsSync(path.join(root, image)), `${image} does not exist`);
      assert.ok(packaged.includes(`!${image.split("/")[0]}/**`), `${image} is left out of the .vsix`);
    }
  });
});

describe("settings sent to the server", () => {
  it("leave out the client-only settings", () => {
    const section = {
      languages: ["markdown"],
      server: { path: "/x" },
      trace: { server: "off" },
      corpus: { builtin: false, paths: ["a"] },
      get: () => undefined,
    };
    assert.deepEqual(serverSettings(section), { corpus: { builtin: false, paths: ["a"] } });
  });

  it("initializationOptions carry only the user's own corpus paths", () => {
    const completion = { maxItems: 5, inline: { enable: true, minConfidence: 0.9 } };
    const merged = { corpus: { builtin: true, paths: ["/etc", "mine"] }, completion };
    assert.deepEqual(initializationOptions(merged, ["~/模板"]), {
      corpus: { builtin: true, paths: ["~/模板"] },
      completion,
    });
    assert.deepEqual(initializationOptions(merged, undefined).corpus, { builtin: true, paths: [] });
    assert.deepEqual(initializationOptions({}, ["a", 3]).corpus, { paths: ["a"] });
  });

  it("client-only settings are exactly the contributed ones the server does not read", () => {
    const clientOnly: readonly string[] = CLIENT_ONLY_SETTINGS;
    const contributedTop = new Set(
      Object.keys(manifest.contributes.configuration.properties).map((k) => k.split(".")[1]),
    );
    for (const key of clientOnly) {
      assert.ok(contributedTop.has(key), key);
    }
  });

  it("select files and untitled documents of each language", () => {
    assert.deepEqual(documentSelector(["markdown"]), [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ]);
  });
});
