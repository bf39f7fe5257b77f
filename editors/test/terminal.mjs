// Renders a terminal screen captured with `tmux capture-pane -p -e` (text with
// SGR colour escapes) to a PNG through headless Chromium, so that a terminal
// editor's screen can be looked at like a screenshot. Only SGR sequences are
// interpreted; tmux emits nothing else with -e.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchChromium } from "./browser.mjs";

const BASE16 = [
  "#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
  "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];

function xterm256(n) {
  if (n < 16) return BASE16[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const c = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Characters a terminal gives two cells (East Asian Wide and Fullwidth).
function isWide(code) {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

// Each character in a box of exactly one or two cells, so that glyphs whose
// font width differs from the terminal's (box drawing, ×) keep the grid.
function cells(text) {
  let html = "";
  for (const ch of text) {
    const wide = isWide(ch.codePointAt(0));
    html += `<i class="${wide ? "w" : "n"}">${escapeHtml(ch)}</i>`;
  }
  return html;
}

/** HTML for one screen of SGR-coloured text. */
export function screenToHtml(screen, { fg = "#d4d4d4", bg = "#1e1e1e" } = {}) {
  let style = {};
  const out = [];
  const apply = (params) => {
    const p = params.length ? params.split(";").map(Number) : [0];
    for (let i = 0; i < p.length; i++) {
      const n = p[i];
      if (n === 0) style = {};
      else if (n === 1) style.bold = true;
      else if (n === 2) style.dim = true;
      else if (n === 3) style.italic = true;
      else if (n === 4) style.underline = true;
      else if (n === 7) style.reverse = true;
      else if (n === 22) style.bold = style.dim = false;
      else if (n === 23) style.italic = false;
      else if (n === 24) style.underline = false;
      else if (n === 27) style.reverse = false;
      else if (n >= 30 && n <= 37) style.fg = BASE16[n - 30];
      else if (n >= 90 && n <= 97) style.fg = BASE16[n - 90 + 8];
      else if (n >= 40 && n <= 47) style.bg = BASE16[n - 40];
      else if (n >= 100 && n <= 107) style.bg = BASE16[n - 100 + 8];
      else if (n === 39) delete style.fg;
      else if (n === 49) delete style.bg;
      else if (n === 38 || n === 48) {
        const key = n === 38 ? "fg" : "bg";
        if (p[i + 1] === 5) {
          style[key] = xterm256(p[i + 2]);
          i += 2;
        } else if (p[i + 1] === 2) {
          style[key] = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
          i += 4;
        }
      }
    }
  };
  const span = (text) => {
    if (!text) return;
    let f = style.fg ?? fg;
    let b = style.bg ?? bg;
    if (style.reverse) [f, b] = [b, f];
    const css = [`color:${f}`, `background:${b}`];
    if (style.bold) css.push("font-weight:bold");
    if (style.italic) css.push("font-style:italic");
    if (style.underline) css.push("text-decoration:underline");
    if (style.dim) css.push("opacity:0.7");
    out.push(`<span style="${css.join(";")}">${cells(text)}</span>`);
  };
  const lines = screen.replace(/\n$/, "").split("\n");
  const rendered = lines.map((line) => {
    out.length = 0;
    let last = 0;
    for (const m of line.matchAll(/\x1b\[([0-9;]*)m/g)) {
      span(line.slice(last, m.index));
      apply(m[1]);
      last = m.index + m[0].length;
    }
    span(line.slice(last));
    return `<div class="l">${out.join("") || " "}</div>`;
  });
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${bg}}
pre{margin:0;padding:10px;font:15px/1.3 "DejaVu Sans Mono","Noto Sans Mono CJK SC",monospace;color:${fg};background:${bg};display:inline-block}
.l{white-space:pre;height:1.3em}
i{font-style:normal;display:inline-block;overflow:hidden;text-align:center;vertical-align:top}
i.n{width:0.6em}i.w{width:1.2em}
</style><pre>${rendered.join("")}</pre>`;
}

/** Writes a PNG of the screen. */
export async function renderTerminal(screen, pngFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-term-"));
  const html = path.join(dir, "screen.html");
  fs.writeFileSync(html, screenToHtml(screen));
  const { context, close } = await launchChromium({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`file://${html}`);
    await page.locator("pre").screenshot({ path: pngFile });
  } finally {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
