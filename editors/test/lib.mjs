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

/**
 * The settings keys the server's `Settings` struct has, read from
 * src/lsp/config.rs: `corpus.builtin`, `completion.maxItems`, … Sub-structs
 * defined in the same file are followed; every other type is a leaf.
 */
export function settingsKeysFromSource(source = fs.readFileSync(path.join(repo, "src", "lsp", "config.rs"), "utf8")) {
  const structs = new Map();
  for (const m of source.matchAll(/pub struct (\w+)\s*\{([^}]*)\}/g)) {
    const fields = [];
    for (const f of m[2].matchAll(/^\s*pub (\w+)\s*:\s*([^,\n]+),/gm)) {
      fields.push([f[1], f[2].trim()]);
    }
    structs.set(m[1], fields);
  }
  const keys = [];
  const walk = (struct, prefix, depth) => {
    for (const [name, type] of structs.get(struct) ?? []) {
      const key = prefix ? `${prefix}.${camel(name)}` : camel(name);
      if (structs.has(type) && depth < 5) {
        walk(type, key, depth + 1);
      } else {
        keys.push(key);
      }
    }
  };
  if (!structs.has("Settings")) {
    throw new Error("no `pub struct Settings` in src/lsp/config.rs");
  }
  walk("Settings", "", 0);
  return keys.sort();
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
    const part = key.split(".")[0];
    const warnings = await client.collect(
      (m) =>
        (m.method === "window/showMessage" || m.method === "window/logMessage") &&
        String(m.params?.message).includes(`jianggao.${part}`),
      1500,
    );
    return warnings.length > 0;
  } finally {
    await client.shutdown();
  }
}

/** A value that cannot deserialize into a setting of the given JSON-schema type. */
export function wrongValueFor(schemaType) {
  const types = [schemaType].flat();
  return types.includes("object") ? 12345 : { "not-a-valid-value": [1, 2] };
}
