-- jianggao (讲稿) for Neovim 0.7 and later: starts the jianggao language server
-- for text and Markdown buffers, passes its settings, and (optionally) opens
-- the completion menu while you type Chinese.
--
--   require('jianggao').setup({
--     settings = { corpus = { paths = { '~/讲稿模板' } } },
--   })

local M = {}

local defaults = {
  -- The server command. Default: $JIANGGAO_PATH, else `jianggao` on PATH.
  cmd = nil,
  -- Filetypes to serve.
  filetypes = { 'text', 'markdown' },
  -- Files or folders whose nearest ancestor marks the workspace root.
  root_markers = { '.git', '.jianggao' },
  -- The `jianggao` settings section (see the server's README):
  -- { corpus = { builtin = true, paths = {} }, completion = { enable = true, maxItems = 20 }, ... }
  settings = {},
  -- Open the completion menu while typing Chinese (and after ，、：；。) with the
  -- built-in completion. Turn it off when nvim-cmp or blink.cmp does this.
  autocomplete = true,
  -- Milliseconds to wait after the last typed character before asking.
  autocomplete_delay = 80,
  -- Extra client capabilities (e.g. from cmp_nvim_lsp.default_capabilities()).
  capabilities = nil,
  -- Show the speaking time of the sections and the whole draft as inlay hints
  -- (Neovim 0.10 and later).
  inlay_hints = true,
  -- Called as on_attach(client, bufnr) after the client attaches.
  on_attach = nil,
}

M.config = vim.deepcopy(defaults)

local augroup = 'jianggao'
local clients_by_root = {} -- Neovim < 0.8: root_dir -> client id
local warned_missing = false

local function notify(msg, level)
  vim.notify('jianggao: ' .. msg, level or vim.log.levels.INFO)
end

--- The server command: the configured one, else $JIANGGAO_PATH, else `jianggao`.
function M.cmd()
  local cmd = M.config.cmd
  if type(cmd) == 'string' then
    cmd = { cmd }
  end
  if cmd == nil then
    local env = vim.env.JIANGGAO_PATH
    cmd = { (env and env ~= '') and env or 'jianggao' }
  end
  return cmd
end

local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

local function is_trigger_char(client, char)
  local provider = client.server_capabilities and client.server_capabilities.completionProvider
    or (client.resolved_capabilities and client.resolved_capabilities.completion and {})
  for _, c in ipairs((provider and provider.triggerCharacters) or {}) do
    if c == char then
      return true
    end
  end
  return false
end

-- Han ideographs (BMP blocks and the supplementary planes) count as "word"
-- characters that open the menu.
local function is_han(char)
  local code = vim.fn.char2nr(char)
  return (code >= 0x3400 and code <= 0x4DBF)
    or (code >= 0x4E00 and code <= 0x9FFF)
    or (code >= 0xF900 and code <= 0xFAFF)
    or (code >= 0x20000 and code <= 0x3134F)
end

local function documentation_text(doc)
  if type(doc) == 'table' then
    return doc.value or ''
  end
  return doc or ''
end

--- Complete-items (:help complete-items) from a CompletionList or items,
--- keeping those that continue `prefix` (the keyword run before the cursor,
--- where the server's edits start).
function M.complete_items(result, prefix)
  local items = result and (result.items or result) or {}
  local out = {}
  for _, item in ipairs(items) do
    local word = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
    if vim.startswith(word, prefix) then
      local detail = item.detail or ''
      if item.labelDetails and item.labelDetails.description then
        detail = item.labelDetails.description
      end
      table.insert(out, {
        word = word,
        abbr = item.label,
        menu = detail,
        info = documentation_text(item.documentation),
        icase = 1,
        dup = 1,
        empty = 1,
        sort = item.sortText or item.label,
      })
    end
  end
  table.sort(out, function(a, b)
    return a.sort < b.sort
  end)
  for _, item in ipairs(out) do
    item.sort = nil
  end
  return out
end

--- Asks the server for completions at the cursor and shows them in the
--- built-in popup menu, without inserting anything until one is chosen.
function M.complete(bufnr, client)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line = vim.api.nvim_get_current_line()
  local before = line:sub(1, cursor[2])
  local start = vim.fn.match(before, [[\k*$]])
  local prefix = before:sub(start + 1)
  local params = vim.lsp.util.make_position_params(0, client and client.offset_encoding or 'utf-16')
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf_request(bufnr, 'textDocument/completion', params, function(err, result, ctx)
    if err or not result or ctx.bufnr ~= bufnr then
      return
    end
    -- Too late: the writer typed on or left insert mode.
    if vim.api.nvim_get_mode().mode:sub(1, 1) ~= 'i' or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
      return
    end
    -- The server's edits all start where its word run starts; use that
    -- column when it differs from Vim's idea of the keyword.
    local first = (result.items or result)[1]
    local range = first and first.textEdit and (first.textEdit.range or first.textEdit.insert)
    if range then
      local character = range.start.character
      local encoding = client and client.offset_encoding or 'utf-16'
      local ok, byte = pcall(function()
        if encoding == 'utf-8' then
          return character
        end
        return vim.str_byteindex(line, character, encoding == 'utf-16')
      end)
      if ok and byte and byte <= #before then
        start = byte
        prefix = before:sub(start + 1)
      end
    end
    local items = M.complete_items(result, prefix)
    if #items > 0 then
      vim.fn.complete(start + 1, items)
    end
  end)
end

local function setup_autocomplete(client, bufnr)
  local group = vim.api.nvim_create_augroup('jianggao_autocomplete_' .. bufnr, { clear = true })
  local saved_completeopt
  vim.api.nvim_create_autocmd('InsertEnter', {
    group = group,
    buffer = bufnr,
    callback = function()
      -- Never insert a suggestion by itself: the writer chooses with <C-n>/<C-p> and <C-y>.
      saved_completeopt = vim.o.completeopt
      vim.o.completeopt = 'menuone,noinsert,noselect'
    end,
  })
  vim.api.nvim_create_autocmd('InsertLeave', {
    group = group,
    buffer = bufnr,
    callback = function()
      if saved_completeopt then
        vim.o.completeopt = saved_completeopt
        saved_completeopt = nil
      end
    end,
  })
  local timer = nil
  vim.api.nvim_create_autocmd('InsertCharPre', {
    group = group,
    buffer = bufnr,
    callback = function()
      local char = vim.v.char
      if not (is_han(char) or is_trigger_char(client, char)) then
        return
      end
      if timer then
        timer:stop()
        timer:close()
      end
      timer = vim.loop.new_timer()
      timer:start(M.config.autocomplete_delay, 0, vim.schedule_wrap(function()
        if timer then
          timer:close()
          timer = nil
        end
        if vim.api.nvim_get_current_buf() == bufnr and vim.fn.pumvisible() == 0 then
          M.complete(bufnr, client)
        end
      end))
    end,
  })
end

local function on_attach(client, bufnr)
  vim.api.nvim_buf_set_option(bufnr, 'omnifunc', 'v:lua.vim.lsp.omnifunc')
  if M.config.autocomplete then
    setup_autocomplete(client, bufnr)
  end
  local caps = client.server_capabilities or {}
  if M.config.inlay_hints and vim.lsp.inlay_hint and caps.inlayHintProvider then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

--- The settings as JSON objects: Neovim encodes an empty Lua table as `[]`,
--- which the server would reject where it expects an object (the section and
--- its parts: `corpus`, `completion`, …). Lists inside stay lists.
local object_settings = { { 'placeholders', 'severity' }, { 'style', 'severity' } }

function M.server_settings()
  local settings = vim.deepcopy(M.config.settings or {})
  for key, part in pairs(settings) do
    if type(part) == 'table' and next(part) == nil then
      settings[key] = vim.empty_dict()
    end
  end
  for _, path in ipairs(object_settings) do
    local part = settings[path[1]]
    if type(part) == 'table' and type(part[path[2]]) == 'table' and next(part[path[2]]) == nil then
      part[path[2]] = vim.empty_dict()
    end
  end
  if next(settings) == nil then
    return vim.empty_dict()
  end
  return settings
end

--- The client configuration for vim.lsp.start / vim.lsp.start_client.
function M.client_config(bufnr)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if M.config.capabilities then
    capabilities = vim.tbl_deep_extend('force', capabilities, M.config.capabilities)
  end
  local root = find_root(bufnr)
  return {
    name = 'jianggao',
    cmd = M.cmd(),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    capabilities = capabilities,
    -- Pulled by the server with workspace/configuration (section `jianggao`)
    -- and pushed by Neovim with workspace/didChangeConfiguration.
    settings = { jianggao = M.server_settings() },
    init_options = M.server_settings(),
    on_attach = on_attach,
  }
end

--- Starts (or reuses) the server for a buffer.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cmd = M.cmd()
  if vim.fn.executable(cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      notify(
        ('the server `%s` was not found. Install it with `cargo install --path .` in the jianggao repository, '
          .. 'or set $JIANGGAO_PATH or `cmd` in setup(). 未找到 jianggao 服务器。'):format(cmd[1]),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  local config = M.client_config(bufnr)
  if vim.lsp.start then -- Neovim 0.8+
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Sends new settings to running servers (and uses them for new ones).
function M.update_settings(settings)
  M.config.settings = settings
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get_clients()) do
    if client.name == 'jianggao' then
      client.config.settings = { jianggao = M.server_settings() }
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end
  end
end

function M.setup(opts)
  -- A value given replaces the default whole (lists and the settings table
  -- alike): the server has its own defaults for settings left out.
  M.config = vim.deepcopy(defaults)
  for key, value in pairs(opts or {}) do
    M.config[key] = value
  end
  local group = vim.api.nvim_create_augroup(augroup, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.start(bufnr)
    end
  end
  vim.api.nvim_create_user_command('JianggaoRestart', function()
    local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
    for _, client in ipairs(get_clients()) do
      if client.name == 'jianggao' then
        client.stop()
      end
    end
    clients_by_root = {}
    vim.defer_fn(function()
      for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
          M.start(bufnr)
        end
      end
    end, 500)
  end, { desc = 'Restart the jianggao language server' })
end

return M
