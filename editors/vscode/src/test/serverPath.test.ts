import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { resolveServer, type ServerLookup } from "../serverPath";

/** A scratch folder with executables named jianggao at the given places. */
function layout(places: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-lookup-"));
  process.on("exit", () => {
    fs.rmSync(root, { recursive: true, force: true });
  });
  for (const place of places) {
    const file = path.join(root, place);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "#!/bin/sh\n");
    fs.chmodSync(file, 0o755);
  }
  return root;
}

function lookup(root: string, overrides: Partial<ServerLookup> & { env?: NodeJS.ProcessEnv }): ServerLookup {
  return {
    env: { PATH: path.join(root, "bin"), HOME: path.join(root, "home") },
    configuredPath: undefined,
    extensionPath: path.join(root, "ext"),
    workspaceFolder: path.join(root, "ws"),
    platform: "linux",
    ...overrides,
  };
}

// Each row: which candidates exist, what is set, which source must win.
const cases: {
  name: string;
  files: string[];
  envPath?: string;
  setting?: string;
  expect: string | { missing: RegExp };
}[] = [
  {
    name: "JIANGGAO_PATH beats everything",
    files: ["env/jianggao", "cfg/jianggao", "ext/server/jianggao", "bin/jianggao"],
    envPath: "env/jianggao",
    setting: "cfg/jianggao",
    expect: "JIANGGAO_PATH:env/jianggao",
  },
  {
    name: "the setting beats the bundled binary and PATH",
    files: ["cfg/jianggao", "ext/server/jianggao", "bin/jianggao"],
    setting: "cfg/jianggao",
    expect: "jianggao.server.path:cfg/jianggao",
  },
  {
    name: "a relative setting is resolved against the workspace folder",
    files: ["ws/tools/jianggao", "bin/jianggao"],
    setting: "./tools/jianggao",
    expect: "jianggao.server.path:ws/tools/jianggao",
  },
  {
    name: "a setting starting with ~ is under HOME",
    files: ["home/.cargo/bin/jianggao", "bin/jianggao"],
    setting: "~/.cargo/bin/jianggao",
    expect: "jianggao.server.path:home/.cargo/bin/jianggao",
  },
  {
    name: "the bundled binary beats PATH",
    files: ["ext/server/jianggao", "bin/jianggao"],
    expect: "bundled:ext/server/jianggao",
  },
  {
    name: "PATH is the last resort",
    files: ["bin/jianggao"],
    expect: "PATH:bin/jianggao",
  },
  {
    name: "a blank setting counts as unset",
    files: ["bin/jianggao"],
    setting: "  ",
    expect: "PATH:bin/jianggao",
  },
  {
    name: "an explicit path that does not exist is an error, not a fall-through",
    files: ["bin/jianggao"],
    setting: "cfg/nothing-here",
    expect: { missing: /jianggao\.server\.path is set to ".*\/cfg\/nothing-here", but no executable/ },
  },
  {
    name: "a JIANGGAO_PATH that does not exist is an error",
    files: ["bin/jianggao"],
    envPath: "env/nothing-here",
    expect: { missing: /JIANGGAO_PATH is set to/ },
  },
  {
    name: "nothing anywhere says what was tried",
    files: [],
    expect: { missing: /JIANGGAO_PATH and jianggao\.server\.path are not set.*PATH/ },
  },
];

describe("resolveServer", () => {
  for (const c of cases) {
    it(c.name, () => {
      const root = layout(c.files);
      const abs = (p: string | undefined) => (p && !p.startsWith(".") && !p.startsWith("~") && p.trim() ? path.join(root, p) : p);
      const base = lookup(root, {});
      const result = resolveServer({
        ...base,
        env: { ...base.env, ...(c.envPath ? { JIANGGAO_PATH: abs(c.envPath) } : {}) },
        configuredPath: abs(c.setting),
      });
      if (typeof c.expect === "string") {
        const [source, file] = c.expect.split(":");
        assert.deepEqual(result, { found: true, source, path: path.join(root, file) });
      } else {
        if (result.found) {
          assert.fail(`expected no server, got ${result.path}`);
        }
        assert.match(result.reason, c.expect.missing);
      }
    });
  }

  it("makes a bundled server that lost its file mode executable", () => {
    const root = layout(["bin/jianggao"]);
    fs.mkdirSync(path.join(root, "ext", "server"), { recursive: true });
    fs.writeFileSync(path.join(root, "ext", "server", "jianggao"), "#!/bin/sh\n", { mode: 0o644 });
    const result = resolveServer(lookup(root, {}));
    assert.deepEqual(result, { found: true, source: "bundled", path: path.join(root, "ext", "server", "jianggao") });
  });

  it("skips a file on PATH that is not executable", () => {
    const root = layout(["bin2/jianggao"]);
    fs.mkdirSync(path.join(root, "bin"));
    fs.writeFileSync(path.join(root, "bin", "jianggao"), "not executable");
    const result = resolveServer(lookup(root, { env: { PATH: [path.join(root, "bin"), path.join(root, "bin2")].join(path.delimiter) } }));
    assert.deepEqual(result, { found: true, source: "PATH", path: path.join(root, "bin2", "jianggao") });
  });
});
