// Drives JupyterLab 4 + jupyterlab-lsp 5 in Debian's headless Chromium through playwright-core, as a user
// would: opens a notebook whose Keras model spans four cells, waits for shapelens's diagnostic underline
// in the cell of the second LSTM (the bug is in the first LSTM, two cells up), reads its tooltip, then
// holds Ctrl and moves the mouse onto a layer fed from an earlier cell (jupyterlab-lsp shows its hover
// only with the modifier held) and reads the shape in the hover.
//
// Usage: NODE_PATH=<dir with playwright-core> node jupyterlab_e2e.js <base url> <notebook> <screenshot dir>
// Prints one JSON object per line: {"check": name, "ok": bool, ...}; the last is {"event": "done"}.
// Every wait is bounded; the whole run stops itself after E2E_DEADLINE_MS (default 150 s).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const BASE = (process.argv[2] || 'http://127.0.0.1:8888').replace(/\/$/, '');
const NB = process.argv[3] || 'sensor_forecast.ipynb';
const OUT = process.argv[4] || 'screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEADLINE_MS = Number(process.env.E2E_DEADLINE_MS || 150000);
const BROKEN = 'name="decoder"';           // the second LSTM's cell: flagged (SL102)
const BROKEN_WORD = 'LSTM';
const DIAG_MARK = 'return_sequences=True';  // in the diagnostic's message
const HOVER_ANCHOR = 'Conv1D(';            // a layer whose input comes from an earlier cell
const HOVER_WORD = 'Conv1D';
const HOVER_SHAPE = '(None, 44, 8)';
const HOVER_INPUT = '(None, 48, 6)';
fs.mkdirSync(OUT, { recursive: true });

const t0 = Date.now();
const emit = (obj) => console.log(JSON.stringify({ ...obj, ms: Date.now() - t0 }));
const check = (name, ok, detail = {}) => emit({ check: name, ok: Boolean(ok), ...detail });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const killer = setTimeout(() => {
  emit({ event: 'deadline', message: `stopped after ${DEADLINE_MS} ms` });
  process.exit(3);
}, DEADLINE_MS);

async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, `jupyterlab-${name}.png`) }).catch(() => {});
}

const CELLS = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell';

/** Every cell of the open notebook, in order: its kind, editor text and lint underlines. */
async function cells(page) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((cell) => ({
    kind: cell.classList.contains('jp-CodeCell') ? 'code' : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
    text: [...cell.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'),
    lint: [...cell.querySelectorAll('.cm-lintRange')].map((m) => ({ cls: m.className, text: m.textContent })),
  })), CELLS);
}

/** Screen box of `word` in the first editor line (of any cell) that contains `anchor`. */
async function wordBox(page, anchor, word) {
  return page.evaluate(([sel, anchor, word]) => {
    for (const line of document.querySelectorAll(`${sel} .cm-content .cm-line`)) {
      const text = line.textContent;
      const a = text.indexOf(anchor);
      if (a < 0) continue;
      const start = text.indexOf(word, a);
      const end = start + word.length;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let pos = 0;
      let started = false;
      for (let n; (n = walker.nextNode());) {
        const len = n.textContent.length;
        if (!started && start < pos + len) { range.setStart(n, start - pos); started = true; }
        if (started && end <= pos + len) { range.setEnd(n, end - pos); break; }
        pos += len;
      }
      const b = range.getBoundingClientRect();
      return { x: b.x, y: b.y + b.height / 2, w: b.width, h: b.height };
    }
    return null;
  }, [CELLS, anchor, word]);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const external = [];
  const consoleErrors = [];
  page.on('request', (r) => {
    if (!/^(https?|wss?):\/\/127\.0\.0\.1[:/]|^(data|blob):/.test(r.url())) external.push(r.url());
  });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
  try {
    await page.goto(`${BASE}/lab/tree/${NB}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
    const all = page.locator(CELLS);
    // every cell is there once the last code cell's editor is (the model's compile)
    await all.filter({ hasText: 'model.compile' }).locator('.cm-content').first().waitFor({ timeout: 60000 });
    // the status bar item of jupyterlab-lsp says when the server is up for this notebook
    const lspStatus = page.locator('.lsp-status-indicator, [class*="lsp-status"]').first();
    check('notebook', true, { cells: await all.count() });

    // the underline is in the second LSTM's cell, and only there
    let got = [];
    const deadline = Date.now() + 60000;
    for (;;) {
      got = await cells(page);
      const broken = got.find((c) => c.text.includes(BROKEN));
      if (broken && broken.lint.some((m) => /cm-lintRange-error/.test(m.cls))
        && got.filter((c) => c.lint.length).length === 1) break;
      if (Date.now() > deadline) break;
      await sleep(500);
    }
    const broken = got.find((c) => c.text.includes(BROKEN));
    const flagged = broken && broken.lint.some((m) => /cm-lintRange-error/.test(m.cls))
      && got.filter((c) => c.lint.length).length === 1;
    check('diagnostic-underline', flagged, {
      cell: got.indexOf(broken), cells: got,
      status: await lspStatus.innerText().catch(() => ''),
    });
    await shot(page, '1-diagnostic');

    // plain hover on the underline: CodeMirror's lint tooltip with shapelens's message
    const brokenCell = all.filter({ hasText: BROKEN }).first();
    const mark = brokenCell.locator('.cm-lintRange').first();
    let diagText = '';
    if (flagged) {
      const box = await mark.boundingBox();
      const tip = page.locator('.cm-tooltip', { hasText: DIAG_MARK }).first();
      for (let a = 0; a < 5 && !diagText; a++) {
        await page.mouse.move(5, 5);
        await sleep(300);
        await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { steps: 3 });
        if (await tip.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) {
          diagText = await tip.innerText();
        }
      }
    }
    check('diagnostic-message', /SL102|3-D input/.test(diagText) && diagText.includes(DIAG_MARK), { text: diagText });
    await shot(page, '2-diagnostic-tooltip');

    // LSP hover on a layer fed from an earlier cell: Ctrl held while the mouse moves onto the word
    const hoverTip = page.locator('.lsp-hover', { hasText: HOVER_SHAPE }).first();
    let hoverText = '';
    for (let a = 0; a < 6 && !hoverText; a++) {
      const box = await wordBox(page, HOVER_ANCHOR, HOVER_WORD);
      if (!box) { await sleep(500); continue; }
      await page.keyboard.up('Control');
      await page.mouse.move(5, 5);
      await sleep(300);
      await page.keyboard.down('Control');
      await page.mouse.move(box.x + box.w * 0.3, box.y, { steps: 2 });
      await page.mouse.move(box.x + box.w * 0.6, box.y, { steps: 2 });
      if (await hoverTip.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) {
        hoverText = await hoverTip.innerText();
      }
    }
    const texts = await page.locator('.lsp-hover, .cm-tooltip').allInnerTexts().catch(() => []);
    check('hover', hoverText.includes(HOVER_SHAPE) && hoverText.includes(HOVER_INPUT), { text: hoverText, texts });
    await sleep(300);
    await shot(page, '3-hover');
    await page.keyboard.up('Control');
    check('offline', external.length === 0, { external: external.slice(0, 10) });
  } catch (e) {
    check('exception', false, { error: String(e && e.stack || e) });
    await shot(page, 'error');
  } finally {
    emit({ event: 'console-errors', errors: consoleErrors.slice(0, 20) });
    await browser.close().catch(() => {});
    clearTimeout(killer);
    emit({ event: 'done' });
  }
})();
