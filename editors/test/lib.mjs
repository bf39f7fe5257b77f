// Shared helpers for the editor tests: where things are, and a minimal LSP
// client over stdio for asking the real server what it accepts.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const editors = path.dirname(here);
export const repo = path.dirname(editors);
export const fixtures = path.join(here, "fixtures");
export const artifacts = path.join(repo, "test-artifacts");

/** The server under test: $JIANGGAO_BIN, else the release build. */
export function serverBinary() {
  const bin = process.env.JIANGGAO_BIN || path.join(repo, "target", "release", "jianggao");
  if (!fs.existsSync(bin)) {
    throw new Error(`no jianggao server at ${bin}: run \`cargo build --release\` or set JIANGGAO_BIN`);
  }
  return path.resolve(bin);
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

export function expectations() {
  return readJson(path.join(fixtures, "expect.json"));
}

/** Rust field name (snake_case) as the server reads it (camelCase). */
export function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** Every `.rs` file under `dir`, with its module path (`lsp::config`). */
function rustModules(dir, prefix = []) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...rustModules(file, [...prefix, entry.name]));
    } else if (entry.name.endsWith(".rs")) {
      const stem = entry.name.slice(0, -3);
      const module = stem === "mod" || stem === "lib" || stem === "main" ? prefix : [...prefix, stem];
      // Without line comments: doc comments may hold braces.
      const source = fs.readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
      out.push({ module: module.join("::"), source });
    }
  }
  return out;
}

/** `pub struct`s with named fields: {name, module, fields: [[jsonName, type]]}. */
function rustStructs(modules) {
  const structs = [];
  for (const { module, source } of modules) {
    for (const m of source.matchAll(/pub struct (\w+)\s*\{([^}]*)\}/g)) {
      const fields = [];
      let rename = null;
      let skip = false;
      for (const line of m[2].split("\n")) {
        const attr = /#\[serde\((.*)\)\]/.exec(line);
        if (attr) {
          rename = /rename\s*=\s*"([^"]+)"/.exec(attr[1])?.[1] ?? rename;
          skip ||= /\bskip\b/.test(attr[1]);
          continue;
        }
        const f = /^\s*pub (\w+)\s*:\s*([^,]+),/.exec(line);
        if (f) {
          if (!skip) fields.push([rename ?? camel(f[1]), f[2].trim()]);
          rename = null;
          skip = false;
        }
      }
      structs.push({ name: m[1], module, fields });
    }
  }
  return structs;
}

/**
 * The settings keys the server reads: the fields of `Settings` in
 * src/lsp/config.rs as JSON names (`corpus.builtin`, `completion.maxItems`, …),
 * following field types that are structs of the crate (`CorpusSettings`,
 * `crate::placeholder::Config`); maps, lists and scalars are leaves.
 */
export function settingsKeysFromSource(srcDir = path.join(repo, "src")) {
  const structs = rustStructs(rustModules(srcDir));
  const resolve = (type, fromModule) => {
    const parts = type.replace(/^crate::/, "").split("::");
    const name = parts.pop();
    const module = parts.join("::");
    const candidates = structs.filter((s) => s.name === name);
    if (type.startsWith("crate::")) {
      return candidates.find((s) => s.module === module || s.module.startsWith(`${module}::`));
    }
    return candidates.find((s) => s.module === fromModule) ?? (candidates.length === 1 ? candidates[0] : undefined);
  };
  const root = structs.find((s) => s.name === "Settings" && s.module === "lsp::config");
  if (!root) {
    throw new Error("no `pub struct Settings` in src/lsp/config.rs");
  }
  const keys = [];
  const walk = (struct, prefix, depth) => {
    for (const [name, type] of struct.fields) {
      const key = prefix ? `${prefix}.${name}` : name;
      const inner = /^[\w:]+$/.test(type) ? resolve(type, struct.module) : undefined;
      if (inner && depth < 5) {
        walk(inner, key, depth + 1);
      } else {
        keys.push(key);
      }
    }
  };
  walk(root, "", 0);
  return keys.sort();
}

/** The `pub const NAME: f64 = …;` numbers of the crate, by name. */
export function rustNumberConstants(srcDir = path.join(repo, "src")) {
  const constants = {};
  for (const { source } of rustModules(srcDir)) {
    for (const m of source.matchAll(/pub const (\w+): f64 = ([0-9.]+);/g)) {
      constants[m[1]] = Number(m[2]);
    }
  }
  return constants;
}

/** Dotted keys of the leaves of a settings object. */
export function flatten(value, prefix = "", out = {}) {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
      flatten(v, key, out);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** {a: {b: v}} from "a.b" = v. */
export function unflatten(key, value) {
  return key.split(".").reduceRight((inner, part) => ({ [part]: inner }), value);
}

/** A language server process spoken to over stdio. */
export class LspClient {
  constructor(bin, args = ["--stdio"]) {
    this.proc = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "warn" } });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.messages = [];
    this.waiters = [];
    this.stderr = "";
    this.proc.stderr.on("data", (d) => (this.stderr += d));
    this.proc.stdout.on("data", (d) => this.#read(d));
  }

  #read(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.#dispatch(JSON.parse(body));
    }
  }

  #dispatch(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(JSON.stringify(msg.error)));
      else p?.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer configuration pulls with nothing
      // (so initializationOptions stay), everything else with null.
      const result = msg.method === "workspace/configuration" ? msg.params.items.map(() => null) : null;
      this.#send({ jsonrpc: "2.0", id: msg.id, result });
      return;
    }
    this.messages.push(msg);
    this.waiters = this.waiters.filter((w) => !w(msg));
  }

  #send(msg) {
    const body = Buffer.from(JSON.stringify(msg), "utf8");
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.#send(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ jsonrpc: "2.0", method, params });
  }

  /** Notifications that match, received so far or within `ms` (returns at the first). */
  async collect(predicate, ms) {
    const end = Date.now() + ms;
    while (Date.now() < end && !this.messages.some(predicate)) {
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.messages.filter(predicate);
  }

  async initialize(initializationOptions) {
    const result = await this.request("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: false } },
      initializationOptions,
    });
    this.notify("initialized", {});
    return result;
  }

  async shutdown() {
    try {
      await Promise.race([this.request("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
      this.#send({ jsonrpc: "2.0", method: "exit" });
    } finally {
      setTimeout(() => this.proc.kill(), 500).unref();
    }
  }
}

/**
 * Whether the server reads `key`: a value of the wrong type must make it warn
 * (window/showMessage or logMessage naming the setting's part). Serde ignores
 * keys it does not know, so an unknown key draws no warning.
 */
export async function serverReadsKey(bin, key, wrongValue) {
  const client = new LspClient(bin);
  try {
    await client.initialize({ jianggao: unflatten(key, wrongValue) });
    const warnings = await client.collect(
      (m) => isMessage(m) && String(m.params?.message).includes(`jianggao.${key}`),
      1500,
    );
    // The server names an unknown key too: that warning says it has no such setting.
    return warnings.some((m) => !isUnknownKeyWarning(String(m.params.message)));
  } finally {
    await client.shutdown();
  }
}

function isMessage(m) {
  return m.method === "window/showMessage" || m.method === "window/logMessage";
}

/** The server's warning for a key that is no setting (in Chinese, or in English). */
export function isUnknownKeyWarning(message) {
  return message.includes("没有设置") || message.includes("unknown setting");
}

/** The warnings the server shows after starting with `settings` (the `jianggao` section). */
export async function serverWarnings(bin, settings) {
  const client = new LspClient(bin);
  try {
    await client.initialize({ jianggao: settings });
    await client.collect(() => false, 1500); // all that comes in 1.5 s
    return client.messages.filter(isMessage).map((m) => String(m.params?.message));
  } finally {
    await client.shutdown();
  }
}

/** A value that cannot deserialize into a setting of the given JSON-schema type. */
export function wrongValueFor(schemaType) {
  const types = [schemaType].flat();
  return types.includes("object") ? 12345 : { "not-a-valid-value": [1, 2] };
}
