// Debian's Chromium, headless, driven by playwright-core (which downloads no
// browser of its own), with the flags this machine's closed network needs.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";

export function chromiumPath() {
  const found = spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("chromium is not installed (apt-get install chromium)");
  return found;
}

/** A browser context in its own fresh profile (--user-data-dir). */
export async function launchChromium(options = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ...options,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
