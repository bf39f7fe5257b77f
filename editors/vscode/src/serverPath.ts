// Finding the jianggao server binary. Kept free of the `vscode` module so that
// it can be tested in plain Node.

import * as fs from "node:fs";
import * as path from "node:path";

/** Where a server candidate came from, in the order they are tried. */
export type ServerSource = "JIANGGAO_PATH" | "jianggao.server.path" | "bundled" | "PATH";

export interface ServerLookup {
  /** The environment (JIANGGAO_PATH, PATH, PATHEXT). */
  env: NodeJS.ProcessEnv;
  /** The `jianggao.server.path` setting, if set. */
  configuredPath: string | null | undefined;
  /** The extension's install folder (holds `server/jianggao` when bundled). */
  extensionPath: string;
  /** The first workspace folder, against which a relative setting is resolved. */
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
}

export type ServerResolution =
  | { found: true; path: string; source: ServerSource }
  | { found: false; reason: string };

export const BINARY_NAME = "jianggao";

function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? `${BINARY_NAME}.exe` : BINARY_NAME;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (p === "~" || p.startsWith("~/") || p.startsWith("~\\"))) {
    return path.join(home, p.slice(1));
  }
  return p;
}

/** Searches `PATH` like a shell would. */
export function findOnPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? "";
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, BINARY_NAME + ext.toLowerCase());
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The server to start: `JIANGGAO_PATH` → `jianggao.server.path` → the binary
 * bundled in the extension → `PATH`. An explicit path (the first two) that does
 * not point at an executable is an error rather than silently skipped, so that
 * a typo does not start some other jianggao.
 */
export function resolveServer(lookup: ServerLookup): ServerResolution {
  const platform = lookup.platform ?? process.platform;
  const explicit: [ServerSource, string | null | undefined][] = [
    ["JIANGGAO_PATH", lookup.env.JIANGGAO_PATH],
    ["jianggao.server.path", lookup.configuredPath],
  ];
  for (const [source, value] of explicit) {
    if (!value || !value.trim()) {
      continue;
    }
    let candidate = expandHome(value.trim(), lookup.env);
    if (!path.isAbsolute(candidate) && source === "jianggao.server.path" && lookup.workspaceFolder) {
      candidate = path.resolve(lookup.workspaceFolder, candidate);
    }
    if (isExecutableFile(candidate, platform)) {
      return { found: true, path: candidate, source };
    }
    return {
      found: false,
      reason: `${source} is set to "${value}", but no executable jianggao server is there.`,
    };
  }
  const bundled = path.join(lookup.extensionPath, "server", executableName(platform));
  if (platform !== "win32" && fs.existsSync(bundled) && !isExecutableFile(bundled, platform)) {
    // An unpacker that lost the file mode: the bundled server is ours to fix.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // Reported below as not found.
    }
  }
  if (isExecutableFile(bundled, platform)) {
    return { found: true, path: bundled, source: "bundled" };
  }
  const onPath = findOnPath(lookup.env, platform);
  if (onPath) {
    return { found: true, path: onPath, source: "PATH" };
  }
  return {
    found: false,
    reason: "The jianggao language server was not found: JIANGGAO_PATH and jianggao.server.path are not set, this extension bundles no server, and there is no `jianggao` on PATH.",
  };
}

/** How to get a server, shown with every "not found" message. */
export const INSTALL_HINT =
  "Install it with `cargo install --path .` in a checkout of the jianggao repository (it puts `jianggao` in ~/.cargo/bin), " +
  "then restart the server, or set `jianggao.server.path` to the binary. " +
  "安装方法：在 jianggao 源码目录运行 `cargo install --path .`，或在设置 `jianggao.server.path` 中填写服务器路径。";
