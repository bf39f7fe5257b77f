// The Neovim plugin in a real Neovim (Debian's 0.7.2 in CI):
//  1. headless: attach, outline (documentSymbol), placeholder diagnostics
//     (vim.diagnostic.get), the hover's floating window (vim.lsp.buf.hover),
//     the inlay hints (Neovim 0.10+, else skipped) and a completion request,
//     checked in Lua;
//  2. in a terminal (tmux): typing Chinese in insert mode opens the completion
//     menu by itself; the screen is saved as a screenshot.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { artifacts, editors, expectations, fixtures, serverBinary } from "./lib.mjs";
import { renderTerminal } from "./terminal.mjs";

const nvimDir = path.join(editors, "nvim");
const have = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

function scratchDraft() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jianggao-nvim-"));
  // Removed when this test file's process ends (each file runs in its own).
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const draft = path.join(dir, "draft.md");
  fs.copyFileSync(path.join(fixtures, "draft.md"), draft);
  return { dir, draft };
}

describe("neovim", { skip: have("nvim") ? false : "nvim is not installed" }, () => {
  const version = spawnSync("nvim", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];

  describe(`headless (${version})`, () => {
    const { dir, draft } = scratchDraft();
    const resultFile = path.join(dir, "result.json");
    const run = spawnSync(
      "nvim",
      ["--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd", `set rtp^=${nvimDir}`, "-c", `luafile ${path.join(nvimDir, "test", "headless.lua")}`],
      {
        encoding: "utf8",
        timeout: 90_000,
        env: { ...process.env, JIANGGAO_BIN: serverBinary(), DRAFT: draft, EXPECT: path.join(fixtures, "expect.json"), RESULT: resultFile },
      },
    );
    const results = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, "utf8")) : [];
    it("ran and reported", () => {
      assert.ok(results.length > 0, `no results (exit ${run.status}): ${run.stderr}${run.stdout}`);
    });
    for (const r of results) {
      it(r.name, { skip: r.skip ?? false }, () => assert.ok(r.ok, r.detail));
    }
  });

  describe("typing in a terminal", { skip: have("tmux") ? false : "tmux is not installed" }, () => {
    it("opens the completion menu while typing Chinese and shows the outline, a warning and the menu", async () => {
      const expect = expectations();
      const { dir, draft } = scratchDraft();
      const menuFile = path.join(dir, "menu.json");
      const diagFile = path.join(dir, "diagnostics.json");
      const init = path.join(dir, "init.lua");
      fs.writeFileSync(
        init,
        `vim.opt.runtimepath:prepend(${JSON.stringify(nvimDir)})
vim.o.termguicolors = true
vim.o.number = true
vim.o.laststatus = 2
vim.o.pumheight = 8
-- Show warnings while typing too (the default waits for InsertLeave).
vim.diagnostic.config({ update_in_insert = true })
require('jianggao').setup({ cmd = { ${JSON.stringify(serverBinary())} } })
-- Records what the menu offers each time it opens or changes.
vim.api.nvim_create_autocmd('CompleteChanged', { callback = function()
  local items = vim.tbl_map(function(i) return i.word end, vim.fn.complete_info({ 'items' }).items)
  local f = io.open(${JSON.stringify(menuFile)}, 'w'); f:write(vim.fn.json_encode(items)); f:close()
end })
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function()
  local f = io.open(${JSON.stringify(diagFile)}, 'w'); f:write(vim.fn.json_encode(#vim.diagnostic.get())); f:close()
end })
-- The outline, as lines in a window beside the text.
_G.jianggao_outline = function()
  local params = { textDocument = vim.lsp.util.make_text_document_params() }
  local res = vim.lsp.buf_request_sync(0, 'textDocument/documentSymbol', params, 5000) or {}
  local lines = {}
  local function walk(list, depth)
    for _, s in ipairs(list or {}) do
      table.insert(lines, string.rep('  ', depth) .. s.name)
      walk(s.children, depth + 1)
    end
  end
  for _, r in pairs(res) do walk(r.result, 0) end
  return lines
end
`,
      );
      const session = `jianggao-${process.pid}`;
      const tmux = (...args) => spawnSync("tmux", args, { encoding: "utf8" });
      tmux("kill-session", "-t", session);
      const env = `LANG=C.UTF-8 TERM=xterm-256color`;
      const started = tmux("new-session", "-d", "-s", session, "-x", "132", "-y", "30",
        `env ${env} nvim -u ${init} -i NONE -n ${draft}`);
      assert.equal(started.status, 0, started.stderr);
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const waitFor = async (what, pred, ms = 20000) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          if (pred()) return;
          await sleep(200);
        }
        assert.fail(`timed out waiting for ${what}\n${tmux("capture-pane", "-p", "-t", session).stdout}`);
      };
      try {
        // Attached, and the placeholder warnings are in.
        await waitFor("placeholder diagnostics", () => fs.existsSync(diagFile) && JSON.parse(fs.readFileSync(diagFile, "utf8")) >= expect.placeholders.length, 30000);
        // Show the outline in a split on the right.
        tmux("send-keys", "-t", session, ":lua local l = jianggao_outline(); vim.cmd('botright vnew'); vim.api.nvim_buf_set_lines(0, 0, -1, false, l); vim.bo.buftype = 'nofile'; vim.wo.number = false; vim.cmd('file Outline | vertical resize 46 | wincmd p')", "Enter");
        await sleep(1500);
        // Type on a new line under the first placeholder line.
        const lines = fs.readFileSync(draft, "utf8").split("\n");
        const at = lines.findIndex((l) => l.includes(expect.placeholders[0][0])) + 1;
        tmux("send-keys", "-t", session, `${at}G`, "o");
        await sleep(300);
        tmux("send-keys", "-t", session, "-l", expect.completion.typed);
        await waitFor("the completion menu", () => fs.existsSync(menuFile));
        const offered = JSON.parse(fs.readFileSync(menuFile, "utf8"));
        const want = expect.completion.typed + expect.completion.continues;
        assert.ok(offered.some((w) => w.startsWith(want)), `menu offers ${JSON.stringify(offered)}`);
        await sleep(500);
        const screen = tmux("capture-pane", "-p", "-e", "-t", session).stdout;
        fs.mkdirSync(artifacts, { recursive: true });
        fs.writeFileSync(path.join(artifacts, "nvim-screen.ansi"), screen);
        await renderTerminal(screen, path.join(artifacts, "nvim.png"));
      } finally {
        tmux("kill-session", "-t", session);
      }
    });
  });
});
