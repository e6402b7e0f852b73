-- Headless Neovim (0.7+) as an LSP client of the shapelens server.
--
--   SL_CMD='["python3","-m","shapelens","lsp"]' SL_FILE=model.py SL_HOVERS='[[5,17]]' \
--   SL_FIX='return_sequences' nvim --headless -u NONE -i NONE -n -c 'luafile nvim_probe.lua'
--
-- SL_HOVERS: positions to hover, each [0-based line, 0-based byte column].
-- SL_FIX: optional; the code action whose title contains this text is applied (to the first
--         diagnostic it fixes), then the diagnostics are collected again.
-- Offers UTF-8 then UTF-16 as position encodings (LSP 3.17 general.positionEncodings and the
-- older offsetEncoding extension) and uses whichever the server picks.
-- Prints one JSON object per line on stdout; the last one is {"event":"done"} on success.
local json_encode = (vim.json and vim.json.encode) or vim.fn.json_encode
local json_decode = (vim.json and vim.json.decode) or vim.fn.json_decode
local function out(tbl) io.stdout:write(json_encode(tbl) .. "\n"); io.stdout:flush() end
local function fail(msg) out({ event = "error", message = msg }); vim.cmd("cquit 1") end

local cmd = json_decode(os.getenv("SL_CMD") or '["shapelens","lsp"]')
local file = vim.fn.fnamemodify(os.getenv("SL_FILE") or "model.py", ":p")
local hovers = json_decode(os.getenv("SL_HOVERS") or "[]")
local fix_text = os.getenv("SL_FIX")
local timeout = tonumber(os.getenv("SL_TIMEOUT_MS") or "30000")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = "python"
local uri = vim.uri_from_bufnr(bufnr)

-- every publishDiagnostics for our file, in order (the server pushes to Neovim 0.7: no pull support)
local publishes = {}
local handlers = {
  ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    if result and result.uri == uri then
      table.insert(publishes, { version = result.version, diagnostics = result.diagnostics })
    end
    return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
  end,
}

local capabilities = vim.lsp.protocol.make_client_capabilities()
capabilities.general = capabilities.general or {}
capabilities.general.positionEncodings = { "utf-8", "utf-16" }
capabilities.offsetEncoding = { "utf-8", "utf-16" }

local server_exited = false
local client_id = vim.lsp.start_client({
  name = "shapelens",
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ":h"),
  capabilities = capabilities,
  handlers = handlers,
  init_options = { settings = { inlayHints = true, disabledCodes = {}, severityOverrides = {} } },
  on_init = function(client, result)
    -- Neovim 0.7 knows only the clangd-style result.offsetEncoding; LSP 3.17 servers answer
    -- capabilities.positionEncoding. Either way, use what the server chose.
    local enc = (result.capabilities and result.capabilities.positionEncoding) or result.offsetEncoding or "utf-16"
    client.offset_encoding = enc
  end,
  on_exit = function(code, signal)
    server_exited = true
    out({ event = "server_exit", code = code, signal = signal })
  end,
})
if not client_id then fail("could not start " .. table.concat(cmd, " ")) end
vim.lsp.buf_attach_client(bufnr, client_id)

local started = vim.loop.hrtime()
local ok = vim.wait(timeout, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return server_exited or (c ~= nil and c.initialized)
end, 20)
if server_exited then fail("the server exited before initializing (its stderr is in Neovim's LSP log)") end
if not ok then fail("server did not initialize within " .. timeout .. " ms") end
local client = vim.lsp.get_client_by_id(client_id)
local caps = client.server_capabilities or {}
out({
  event = "initialized",
  nvim = string.format("%d.%d.%d", vim.version().major, vim.version().minor, vim.version().patch),
  encoding = client.offset_encoding,
  server = client.server_info or vim.NIL,
  hoverProvider = caps.hoverProvider and true or false,
  codeActionProvider = caps.codeActionProvider and true or false,
  ms = math.floor((vim.loop.hrtime() - started) / 1e6),
})

local function wait_publish(after)
  vim.wait(timeout, function() return #publishes > after end, 20)
  -- a newer publish may follow right behind (e.g. an empty one, then the analysed one)
  vim.wait(300, function() return false end, 20)
  return #publishes > after
end

local function report_diagnostics(label)
  local last = publishes[#publishes]
  local items = {}
  for _, d in ipairs(last and last.diagnostics or {}) do
    table.insert(items, { range = d.range, severity = d.severity, code = d.code or vim.NIL,
                          source = d.source or vim.NIL, message = d.message })
  end
  local placed = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(placed, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity })
  end
  out({ event = "diagnostics", label = label, publishes = #publishes, items = items, placed = placed,
        ms = math.floor((vim.loop.hrtime() - started) / 1e6) })
end

-- 1. diagnostics after didOpen
if not wait_publish(0) then fail("no publishDiagnostics within " .. timeout .. " ms") end
report_diagnostics("open")

-- 2. hovers
for _, pos in ipairs(hovers) do
  vim.api.nvim_win_set_cursor(0, { pos[1] + 1, pos[2] })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local text, err_msg = vim.NIL, vim.NIL
  local resp, err = client.request_sync("textDocument/hover", params, timeout, bufnr)
  if not resp then
    err_msg = tostring(err)
  elseif resp.err then
    err_msg = vim.inspect(resp.err)
  elseif resp.result and resp.result.contents then
    text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(resp.result.contents), "\n")
  end
  out({ event = "hover", line = pos[1], col = pos[2], position = params.position, text = text, error = err_msg })
end

-- 3. optional quick fix
if fix_text and fix_text ~= "" then
  local last = publishes[#publishes]
  local target = nil
  for _, d in ipairs(last and last.diagnostics or {}) do
    if d.severity == 1 and not target then target = d end   -- the first error
  end
  if not target then fail("no diagnostic to fix") end
  local params = {
    textDocument = { uri = uri },
    range = target.range,
    context = { diagnostics = last.diagnostics, only = { "quickfix" } },
  }
  local resp, err = client.request_sync("textDocument/codeAction", params, timeout, bufnr)
  if not resp or resp.err then fail("codeAction failed: " .. tostring(err or vim.inspect(resp.err))) end
  local titles, chosen = {}, nil
  for _, action in ipairs(resp.result or {}) do
    table.insert(titles, action.title)
    if not chosen and action.title:find(fix_text, 1, true) then chosen = action end
  end
  out({ event = "code_actions", titles = titles })
  if not chosen then fail("no code action titled like '" .. fix_text .. "'") end
  local before = #publishes
  if chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  end
  if chosen.command then
    client.request_sync("workspace/executeCommand", chosen.command, timeout, bufnr)
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  out({ event = "applied", title = chosen.title, text = table.concat(lines, "\n") })
  if not wait_publish(before) then fail("no diagnostics after the fix") end
  report_diagnostics("fixed")
end

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
out({ event = "done" })
vim.cmd("qall!")
