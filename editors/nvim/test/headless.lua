-- Headless end-to-end test of the plugin in a real Neovim (0.7 and later):
--   JIANGGAO_BIN=… DRAFT=…/draft.md EXPECT=…/expect.json RESULT=out.json \
--   nvim --headless -u NONE -i NONE -n --cmd 'set rtp^=editors/nvim' -c 'luafile editors/nvim/test/headless.lua'
-- Writes one record per check to $RESULT ({name, ok, detail}) and exits 0
-- only when every check passed.

local results = {}
local function check(name, ok, detail)
  table.insert(results, { name = name, ok = ok and true or false, detail = detail or '' })
end

-- A check this Neovim cannot do, and why.
local function skip(name, reason)
  table.insert(results, { name = name, ok = true, skip = reason })
end

local function finish()
  local f = assert(io.open(vim.env.RESULT, 'w'))
  f:write(vim.fn.json_encode(results))
  f:close()
  for _, r in ipairs(results) do
    if not r.ok then
      vim.cmd('cquit 1')
    end
  end
  vim.cmd('qall!')
end

local function read(path)
  local f = assert(io.open(path, 'r'))
  local s = f:read('*a')
  f:close()
  return s
end

local ok, err = pcall(function()
  local expect = vim.fn.json_decode(read(vim.env.EXPECT))
  local seen_settings = { corpus = { builtin = true }, completion = { enable = true, maxItems = 50 } }
  vim.cmd('filetype on') -- off under -u NONE
  require('jianggao').setup({ cmd = { vim.env.JIANGGAO_BIN }, settings = seen_settings })

  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.DRAFT))
  local bufnr = vim.api.nvim_get_current_buf()
  local function clients()
    if vim.lsp.get_clients then -- 0.10+
      return vim.lsp.get_clients({ bufnr = bufnr })
    end
    return vim.lsp.buf_get_clients(bufnr)
  end
  local function client()
    for _, c in pairs(clients() or {}) do
      if c.name == 'jianggao' and c.initialized ~= false then
        return c
      end
    end
  end
  local attached = vim.wait(15000, function()
    local c = client()
    return c ~= nil and (c.initialized or c.server_capabilities ~= nil or c.resolved_capabilities ~= nil)
  end, 50)
  check('client attaches to a markdown buffer', attached, 'filetype=' .. vim.bo[bufnr].filetype)
  if not attached then
    return
  end
  local c = client()
  check('settings are passed', vim.deep_equal(c.config.settings, { jianggao = seen_settings }), vim.inspect(c.config.settings))

  -- Outline: documentSymbol, polled until the server has answered with symbols.
  local symbols
  vim.wait(15000, function()
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol',
      { textDocument = vim.lsp.util.make_text_document_params(bufnr) }, 3000) or {}
    for _, r in pairs(responses) do
      if r.result and #r.result > 0 then
        symbols = r.result
      end
    end
    return symbols ~= nil
  end, 200)
  local parents = {}
  local function walk(list, parent)
    for _, s in ipairs(list or {}) do
      parents[s.name] = parents[s.name] or {}
      if parent then
        table.insert(parents[s.name], parent)
      end
      walk(s.children, s.name)
    end
  end
  walk(symbols, nil)
  local function descends(child, ancestor, depth)
    if depth > 20 then
      return false
    end
    for _, p in ipairs(parents[child] or {}) do
      if p == ancestor or descends(p, ancestor, depth + 1) then
        return true
      end
    end
    return false
  end
  for _, pair in ipairs(expect.outline) do
    check(('outline nests %s under %s'):format(pair[2], pair[1]), descends(pair[2], pair[1], 0),
      symbols and vim.inspect(vim.tbl_keys(parents)) or 'no symbols')
  end

  -- Placeholder diagnostics, as vim.diagnostic has them (byte columns).
  local diags = {}
  vim.wait(15000, function()
    diags = vim.tbl_filter(function(d)
      return d.source == nil or d.source == 'jianggao'
    end, vim.diagnostic.get(bufnr))
    return #diags >= #expect.placeholders
  end, 100)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for _, p in ipairs(expect.placeholders) do
    local piece, text = p[1], p[2]
    local found = false
    for lnum, line in ipairs(lines) do
      local at = line:find(piece, 1, true)
      if at then
        local s = line:find(text, at, true) -- the placeholder inside the piece
        for _, d in ipairs(diags) do
          if d.lnum == lnum - 1 and d.col <= s - 1 and (d.end_col or d.col) >= s - 1 + #text then
            found = true
          end
        end
      end
    end
    check(('diagnostic covers %s in “%s”'):format(text, piece), found, ('%d diagnostics'):format(#diags))
  end

  -- Hover: vim.lsp.buf.hover() at a place of the text, asked once; its
  -- floating window must come up with what every editor shows.
  local function floats()
    return vim.tbl_filter(function(w)
      return vim.api.nvim_win_get_config(w).relative ~= ''
    end, vim.api.nvim_list_wins())
  end
  local function float_text()
    local texts = {}
    for _, w in ipairs(floats()) do
      local b = vim.api.nvim_win_get_buf(w)
      table.insert(texts, table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n'))
    end
    return table.concat(texts, '\n')
  end
  for _, h in ipairs(expect.hover) do
    -- A float left open would be focused instead of a new one being opened.
    for _, w in ipairs(floats()) do
      vim.api.nvim_win_close(w, true)
    end
    local row, col
    for lnum, line in ipairs(lines) do
      local at = line:find(h.at, 1, true)
      if at and not row then
        row, col = lnum, at - 1 + vim.str_byteindex(h.at, h.offset)
      end
    end
    local shown = false
    if row then
      vim.api.nvim_win_set_cursor(0, { row, col })
      vim.lsp.buf.hover()
      shown = vim.wait(15000, function()
        local text = float_text()
        for _, s in ipairs(h.shows) do
          if not text:find(s, 1, true) then
            return false
          end
        end
        return true
      end, 100)
    end
    check(('hover shows %s (%s)'):format(table.concat(h.shows, ', '), h.what), shown,
      row and ('floating windows: %d, text: %s'):format(#floats(), float_text()) or ('no line holds ' .. h.at))
  end
  for _, w in ipairs(floats()) do
    vim.api.nvim_win_close(w, true)
  end

  -- Inlay hints (the speaking time): Neovim 0.10+ draws them and the plugin
  -- turns them on; older versions have no vim.lsp.inlay_hint.
  for _, e in ipairs(expect.inlayHints) do
    local name = ('inlay hint after %s'):format(e.after)
    if not (vim.lsp.inlay_hint and vim.lsp.inlay_hint.get) then
      skip(name, ('Neovim %d.%d.%d has no inlay hints (vim.lsp.inlay_hint came in 0.10)'):format(vim.version().major, vim.version().minor, vim.version().patch))
    else
      local row
      for lnum, line in ipairs(lines) do
        if not row and line:find(e.after, 1, true) then
          row = lnum - 1
        end
      end
      local labels = {}
      -- `label` is written as a regular expression that is also a Lua pattern.
      local found = vim.wait(15000, function()
        labels = {}
        for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
          local hint = item.inlay_hint
          local label = hint.label
          if type(label) == 'table' then
            label = table.concat(vim.tbl_map(function(part) return part.value end, label))
          end
          table.insert(labels, label)
          if hint.position.line == row and label:find(e.label) then
            return true
          end
        end
        return false
      end, 100)
      check(name, found, vim.inspect(labels))
    end
  end

  -- Completion at the end of a new line holding the typed text.
  local typed, continues = expect.completion.typed, expect.completion.continues
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { typed })
  local row = vim.api.nvim_buf_line_count(bufnr)
  -- The cursor at the end of the line, as in insert mode (normal mode cannot
  -- put it past the last character).
  local _, utf16_end = vim.str_utfindex(typed)
  local position_params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = row - 1, character = utf16_end },
  }
  local want = typed .. continues
  local got = {}
  local offered = vim.wait(15000, function()
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', position_params, 3000) or {}
    got = {}
    for _, r in pairs(responses) do
      local items = r.result and (r.result.items or r.result) or {}
      for _, item in ipairs(items) do
        local line = typed
        if item.textEdit then
          -- Apply the edit as the client would (UTF-16 columns; the line is BMP text).
          local s = vim.str_byteindex(typed, item.textEdit.range.start.character, true)
          line = typed:sub(1, s) .. item.textEdit.newText
        end
        table.insert(got, line)
        if line:sub(1, #want) == want then
          return true
        end
      end
    end
    return false
  end, 300)
  check(('completion after %s offers %s'):format(typed, want), offered, vim.inspect(got))

  -- Skeletons: an empty draft is offered speech skeletons. Neovim's own
  -- client takes no snippets (completionItem.snippetSupport = false), so
  -- they come as plain text, which applied gives the draft's first lines.
  local snippets = vim.lsp.protocol.make_client_capabilities().textDocument.completion.completionItem.snippetSupport
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.fnamemodify(vim.env.DRAFT, ':h') .. '/empty.md'))
  local empty = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return next(vim.lsp.buf_get_clients(empty)) ~= nil end, 100)
  local skeletons = {}
  vim.wait(15000, function()
    local responses = vim.lsp.buf_request_sync(empty, 'textDocument/completion', {
      textDocument = vim.lsp.util.make_text_document_params(empty),
      position = { line = 0, character = 0 },
    }, 3000) or {}
    skeletons = {}
    for _, r in pairs(responses) do
      for _, item in ipairs(r.result and (r.result.items or r.result) or {}) do
        if (item.sortText or ''):sub(1, 1) == '~' then
          table.insert(skeletons, item)
        end
      end
    end
    return #skeletons > 0
  end, 300)
  check('an empty draft is offered skeletons', #skeletons >= 3, ('%d skeleton items'):format(#skeletons))
  local first = skeletons[1]
  if first then
    local plain = not snippets and (first.insertTextFormat or 1) == 1 and not first.textEdit.newText:find('%$')
    check('skeletons come as plain text to a client without snippets', plain, vim.inspect(first))
    vim.lsp.util.apply_text_edits({ first.textEdit }, empty, 'utf-16')
    local lines = vim.api.nvim_buf_get_lines(empty, 0, 3, false)
    check('the skeleton applied opens with its salutation', lines[1] == '同志们：' and lines[2] == '', vim.inspect(lines))
  end
end)
if not ok then
  check('test script ran without error', false, tostring(err))
end
finish()
