// Drives VS Code (code-server) in Debian's headless Chromium through playwright-core, as a user would:
// opens the article's Example 2, hovers the second LSTM, reads the inlay hints, opens the model summary
// from the code lens, then opens a broken stacked-LSTM file, waits for the squiggle and applies the
// quick fix from the Ctrl+. (lightbulb) menu. Then a notebook whose model spans four cells: the hover
// and inlay hint of a layer fed from an earlier cell, the squiggle of a stacked-LSTM bug split over two
// cells, and its quick fix, which edits the earlier cell.
//
// Usage: NODE_PATH=<dir with playwright-core> node vscode_e2e.js <workbench url> <screenshot dir>
// Prints one JSON object per line: {"check": name, "ok": bool, ...}; the last is {"event": "done"}.
// Every wait is bounded; the whole run stops itself after E2E_DEADLINE_MS (default 200 s).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const URL = process.argv[2];
const OUT = process.argv[3] || 'screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEADLINE_MS = Number(process.env.E2E_DEADLINE_MS || 200000);
const EXAMPLE = process.env.E2E_EXAMPLE || 'example2.py';
const BROKEN = process.env.E2E_BROKEN || 'broken_stacked_lstm.py';
const NOTEBOOK = process.env.E2E_NOTEBOOK || 'example2.ipynb';
// the notebook whose model spans four cells (tests/e2e/fixtures/sensor_forecast.ipynb)
const CELLS_NB = process.env.E2E_CELLS_NOTEBOOK || 'sensor_forecast.ipynb';
const NB_HOVER_ANCHOR = 'Conv1D(';        // a layer whose input (readings) comes from an earlier cell
const NB_HOVER_SHAPE = '(None, 44, 8)';   // its output: 48 steps - (5 - 1), 8 filters
const NB_HOVER_INPUT = '(None, 48, 6)';   // its input, the keras.Input two cells up
const NB_BROKEN = 'name="decoder"';       // the second LSTM, in the cell after the markdown
const NB_BROKEN_ANCHOR = 'LSTM(32';       // clicked (and hovered) there
const NB_EARLIER = 'name="encoder"';      // the first LSTM, in the earlier cell, which the fix edits
const SCENARIO = process.env.E2E_SCENARIO || 'main';
const FIX_ANCHOR = process.env.E2E_FIX_ANCHOR || 'LSTM(32)';   // the flagged line, clicked before Ctrl+.
const FIX_CODE = process.env.E2E_FIX_CODE || 'SL102';  // shown in the hover over the squiggle
const FIX_TITLE = process.env.E2E_FIX_TITLE || 'return_sequences';  // picked from the quick fix menu
const FIX_RESULT = process.env.E2E_FIX_RESULT || 'return_sequences=True';  // in the text afterwards
fs.mkdirSync(OUT, { recursive: true });

const t0 = Date.now();
const emit = (obj) => console.log(JSON.stringify({ ...obj, ms: Date.now() - t0 }));
const check = (name, ok, detail = {}) => emit({ check: name, ok: Boolean(ok), ...detail });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const left = () => DEADLINE_MS - (Date.now() - t0);

const killer = setTimeout(() => {
  emit({ event: 'deadline', message: `stopped after ${DEADLINE_MS} ms` });
  process.exit(3);
}, DEADLINE_MS + 15000);

/** Polls fn() until it returns a truthy value or timeoutMs passes; returns the last value. */
async function until(fn, timeoutMs, everyMs = 250) {
  const end = Date.now() + Math.min(timeoutMs, Math.max(left(), 0));
  let value;
  do {
    value = await fn().catch(() => undefined);
    if (value) return value;
    await sleep(everyMs);
  } while (Date.now() < end);
  return value;
}

async function shot(page, name) {
  const file = path.join(OUT, `vscode-${name}.png`);
  await page.screenshot({ path: file }).catch(() => {});
  return file;
}

/** Text of the active editor's visible lines, top to bottom (inlay hints included). */
async function editorText(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines')
      || document.querySelector('.monaco-editor .view-lines');
    if (!editor) return '';
    const lines = [...editor.querySelectorAll('.view-line')]
      .map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    return lines.map((l) => l.text).join('\n');
  });
}

const NB_EDITORS = '.notebook-editor .monaco-editor .view-lines';  // every cell editor of the notebook

/** Screen box of `word` inside the first visible editor line containing `anchor` (in the active
 * editor, or in any editor matching `selector`, e.g. the cells of a notebook). */
async function wordBox(page, anchor, word, selector = null) {
  return page.evaluate(([anchor, word, selector]) => {
    const editors = selector ? [...document.querySelectorAll(selector)]
      : [document.querySelector('.editor-group-container.active .monaco-editor .view-lines')
        || document.querySelector('.monaco-editor .view-lines')].filter(Boolean);
    for (const line of editors.flatMap((e) => [...e.querySelectorAll('.view-line')])) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
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
      return { x: b.x + b.width / 2, y: b.y + b.height / 2, w: b.width, h: b.height };
    }
    return null;
  }, [anchor, word, selector]);
}

async function openFile(page, name, ready = '.editor-group-container.active .monaco-editor .view-line') {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(name);
  await sleep(500);  // let the results settle: recently opened files come first
  // the row whose file name is exactly `name` (a recently opened example2.ipynb may come first)
  const row = page.locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 15000 });
  await row.click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15000 });
  await page.waitForSelector(ready, { timeout: 30000 });
}

/** Text of every visible code editor (notebook cells included), one block per editor. */
async function allEditorsText(page) {
  return page.evaluate(() => [...document.querySelectorAll('.monaco-editor .view-lines')]
    .map((ed) => [...ed.querySelectorAll('.view-line')]
      .map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'))
    .join('\n----\n'));
}

/** The notebook's cell editors, top to bottom: each cell's visible text (inlay hints included) and
 * how many error squiggles it shows. */
async function notebookCells(page) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)]
    .map((ed) => {
      const editor = ed.closest('.monaco-editor');
      const text = [...ed.querySelectorAll('.view-line')]
        .map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent.replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
      return { top: ed.getBoundingClientRect().top, text, errors: editor.querySelectorAll('.squiggly-error').length };
    })
    .sort((a, b) => a.top - b.top)
    .map(({ text, errors }) => ({ text, errors })), NB_EDITORS);
}

const cellWith = (cells, needle) => cells.find((c) => c.text.includes(needle));

/** A notebook whose model spans four cells (a markdown cell between them): the shapes flow from cell to
 * cell, a stacked-LSTM bug split over two cells is flagged in the later one, and its quick fix edits
 * the earlier one. */
async function notebookAcrossCells(page) {
  await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
  await page.setViewportSize({ width: 1280, height: 900 });  // the whole notebook on screen
  try {
    await notebookChecks(page);
  } finally {
    await page.setViewportSize({ width: 1280, height: 760 });
  }
}

async function notebookChecks(page) {
  await openFile(page, CELLS_NB, '.notebook-editor .monaco-editor .view-line');
  const hinted = await until(async () => {
    const conv = cellWith(await notebookCells(page), NB_HOVER_ANCHOR);
    return conv && conv.text.includes(NB_HOVER_SHAPE) ? conv : null;
  }, 45000, 500);
  let cells = await notebookCells(page);
  check('nb-cells-hint', hinted, { cells });
  await page.mouse.move(5, 5);
  await shot(page, 'nb-1-hints');

  const hover = await hoverUntil(page, NB_HOVER_ANCHOR, 'Conv1D', NB_HOVER_SHAPE, 8, NB_EDITORS);
  check('nb-cells-hover', hover.ok && hover.texts.some((t) => t.includes(NB_HOVER_INPUT)),
    { texts: hover.texts, error: hover.error, wanted: [NB_HOVER_SHAPE, NB_HOVER_INPUT] });
  await sleep(400);  // the hover fades in
  await shot(page, 'nb-2-hover');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // the squiggle is in the later cell (the second LSTM), and only there
  const flagged = await until(async () => {
    const cs = await notebookCells(page);
    const broken = cellWith(cs, NB_BROKEN);
    return broken && broken.errors > 0 && cs.filter((c) => c.errors).length === 1 ? cs : null;
  }, 30000, 500);
  cells = await notebookCells(page);
  check('nb-squiggle', flagged, { cells });
  await shot(page, 'nb-3-squiggle');
  if (!flagged) return;
  const errHover = await hoverUntil(page, NB_BROKEN_ANCHOR, 'LSTM', FIX_CODE, 4, NB_EDITORS);
  check('nb-error-hover', errHover.ok, { texts: errHover.texts });
  await sleep(400);
  await shot(page, 'nb-4-error-hover');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // Ctrl+. (or the lightbulb) in the later cell offers the fix; applying it edits the earlier cell
  const box = await wordBox(page, NB_BROKEN_ANCHOR, 'LSTM', NB_EDITORS);
  await page.mouse.click(box.x, box.y);
  const item = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: FIX_TITLE }).first();
  let menu = false;
  for (let i = 0; i < 4 && !menu && left() > 10000; i++) {
    await page.keyboard.press('Control+Period');
    menu = await item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (!menu) {
      await page.keyboard.press('Escape');
      const bulb = page.locator('.notebook-editor .lightBulbWidget, .notebook-editor .codicon-light-bulb, .notebook-editor .codicon-lightbulb-autofix').first();
      if (await bulb.isVisible().catch(() => false)) {
        await bulb.click().catch(() => {});
        menu = await item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
      }
      await page.mouse.click(box.x, box.y);
    }
  }
  const menuItems = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
  check('nb-quickfix-menu', menu, { items: menuItems });
  await shot(page, 'nb-5-quickfix-menu');
  if (!menu) return;
  await item.click();
  // the fix edits the earlier cell (the first LSTM), not the one it was asked in
  const edited = await until(async () => {
    const cs = await notebookCells(page);
    const earlier = cellWith(cs, NB_EARLIER);
    const later = cellWith(cs, NB_BROKEN);
    return earlier && later && earlier.text.includes(FIX_RESULT) && !later.text.includes('return_sequences') ? cs : null;
  }, 15000, 500);
  check('nb-quickfix-applied', edited, { cells: await notebookCells(page) });
  // ... and then the later cell is re-checked: its squiggle goes, its layer gets its shape
  const clean = await until(async () => {
    const cs = await notebookCells(page);
    const later = cellWith(cs, NB_BROKEN);
    return later && later.text.includes('(None, 32)') && cs.every((c) => !c.errors) ? cs : null;
  }, 20000, 500);
  check('nb-squiggle-gone', clean, { cells: await notebookCells(page) });
  await page.mouse.move(5, 5);
  await shot(page, 'nb-6-fixed');
  await runCommand(page, 'File: Save').catch(() => {});  // the test reads the saved notebook
  await sleep(1000);
}

/** Notebook cells and untitled files are analysed too. */
async function notebookAndUntitled(page) {
  await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
  await openFile(page, NOTEBOOK, '.notebook-editor .monaco-editor .view-line');
  const nb = await until(async () => {
    const t = await allEditorsText(page);
    return t.includes('(None, 10, 64)') && t.includes('(None, 32)') ? t : '';
  }, 45000, 500);
  check('notebook-hints', nb, { text: nb || (await allEditorsText(page)) });
  await shot(page, '8-notebook');
  await notebookAcrossCells(page);

  await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
  await runCommand(page, 'File: New Untitled Text File');
  await page.waitForSelector('.editor-group-container.active .monaco-editor .view-line', { timeout: 15000 });
  await runCommand(page, 'Change Language Mode');
  const input = page.locator('.quick-input-widget input');
  await input.fill('Python');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Python/ }).first()
    .waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
  await sleep(500);
  await page.locator('.editor-group-container.active .monaco-editor .view-line').first().click();
  await page.keyboard.insertText('from tensorflow import keras\n\nmodel = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(32)])\n');
  const untitled = await until(async () => {
    const t = await editorText(page);
    return t.includes('(None, 32)') ? t : '';
  }, 30000, 500);
  check('untitled-hints', untitled, { text: untitled || (await editorText(page)) });
  await shot(page, '9-untitled');
}

/** Changing settings restarts the server with them: inlay hints off, SL401 switched off. */
async function settingsRestart(page) {
  const file = process.env.E2E_SETTINGS_FILE;  // the workspace's .vscode/settings.json
  if (!file) return;
  // empty the untitled file, so closing it asks nothing
  await page.locator('.editor-group-container.active .monaco-editor .view-line').first().click().catch(() => {});
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
  await openFile(page, EXAMPLE);
  const hintsBefore = '.editor-group-container.active .squiggly-hint';
  const before = await until(async () => {
    const t = await editorText(page);
    const n = await page.locator(hintsBefore).count();
    return t.includes('(None, 10, 64)') && n > 0 ? { n } : null;
  }, 30000, 500);
  const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  settings['shapelens.inlayHints.enable'] = false;
  settings['shapelens.disabledCodes'] = ['SL401'];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  const after = await until(async () => {
    const t = await editorText(page);
    const n = await page.locator(hintsBefore).count();
    const s = await statusText(page);
    return !t.includes('(None, 10, 64)') && n === 0 && /codicon-check/.test(s) ? { n, s } : null;
  }, 30000, 500);
  check('settings-restart', before && after, {
    before, after, text: await editorText(page), status: await statusText(page),
  });
  await shot(page, '10-settings-off');
}

/** Runs a command from the command palette by its exact title. */
async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(`>${title}`);
  const exact = page.locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .first();
  await exact.waitFor({ state: 'visible', timeout: 15000 });
  await exact.click();
}

async function statusText(page) {
  return page.evaluate(() => {
    for (const el of document.querySelectorAll('.statusbar-item')) {
      if (el.textContent.includes('shapelens')) {
        const icon = el.querySelector('.codicon');
        const cls = icon ? [...icon.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin') : '';
        return `${cls || ''} ${el.textContent.trim()}`.trim();
      }
    }
    return '';
  });
}

async function hoverUntil(page, anchor, word, mark, attempts = 8, selector = null) {
  let texts = [];
  let box = null;
  for (let i = 0; i < attempts && left() > 5000; i++) {
    // measured again each time: code lenses and inlay hints arriving move the text
    box = await wordBox(page, anchor, word, selector);
    if (!box) { await sleep(500); continue; }
    await page.mouse.move(5, 5);
    await sleep(300);
    await page.mouse.move(box.x, box.y);
    const hover = page.locator('.monaco-hover-content', { hasText: mark }).first();
    const ok = await hover.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
    texts = await page.locator('.monaco-hover-content').allInnerTexts().catch(() => []);
    if (ok) return { ok: true, texts };
  }
  return { ok: false, texts, error: box ? undefined : `"${anchor}" not on screen` };
}

/** Scenario "hints-only": the server starts (however it was configured) and shows the hints. */
async function hintsOnly(page) {
  await openFile(page, EXAMPLE);
  const status = await until(async () => {
    const st = await statusText(page);
    return /codicon-check/.test(st) ? st : '';
  }, 90000);
  check('status-ready', status, { status: status || (await statusText(page)) });
  const text = await until(async () => {
    const t = await editorText(page);
    return t.includes('(None, 10, 64)') && t.includes('(None, 32)') ? t : '';
  }, 60000, 500);
  check('inlay-hints', text, { text: text || (await editorText(page)) });
  await shot(page, `${SCENARIO}`);
}

/** Scenario "restricted": the folder is untrusted (Restricted Mode) and its .vscode/settings.json
 * names a program that writes E2E_MARKER as shapelens.interpreter. The bundled server still shows the
 * shapes, and the program is not run; once the user trusts the folder (banner "Manage" -> "Trust")
 * the server restarts with the workspace's interpreter, which then writes the marker. */
async function restricted(page) {
  const marker = process.env.E2E_MARKER;
  const banner = page.locator('.part.banner', { hasText: 'Restricted Mode' }).first();
  const bannerOk = await banner.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false);
  check('restricted-banner', bannerOk, { text: bannerOk ? await banner.innerText() : '' });
  await openFile(page, EXAMPLE);
  const status = await until(async () => {
    const st = await statusText(page);
    return /codicon-check/.test(st) ? st : '';
  }, 90000);
  check('status-ready', status, { status: status || (await statusText(page)) });
  const wanted = ['(None, 10, 64)', '(None, 32)'];
  const text = await until(async () => {
    const t = await editorText(page);
    return wanted.every((w) => t.includes(w)) ? t : '';
  }, 60000, 500);
  check('inlay-hints', text, { text: text || (await editorText(page)) });
  await page.mouse.move(5, 5);
  const hover = await hoverUntil(page, 'LSTM(32', 'LSTM', '(None, 32)');
  check('hover', hover.ok, { texts: hover.texts, error: hover.error });
  await shot(page, 'restricted-1-hover');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await sleep(2000);  // a late (re)start would show now
  check('no-marker-while-restricted', marker && !fs.existsSync(marker),
    { marker, content: marker && fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : null });
  if (!bannerOk) return;

  // the user trusts the folder: the workspace's interpreter applies
  await page.locator('.part.banner a', { hasText: 'Manage' }).first().click({ timeout: 10000 });
  await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first().click({ timeout: 10000 });
  const ran = await until(async () => fs.existsSync(marker), 60000, 500);
  check('trusted-runs-workspace-interpreter', ran, { marker });
  await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
  await openFile(page, EXAMPLE);
  const after = await until(async () => {
    const t = await editorText(page);
    const st = await statusText(page);
    return /codicon-check/.test(st) && wanted.every((w) => t.includes(w)) ? t : '';
  }, 60000, 500);
  check('trusted-hints', after, { text: after || (await editorText(page)), status: await statusText(page) });
  await shot(page, 'restricted-2-trusted');
}

/** Scenario "old-python": the interpreter setting points at a Python 3.8; the user must be told. */
async function oldPython(page) {
  await openFile(page, EXAMPLE);
  const toast = page.locator('.notification-toast', { hasText: 'needs Python 3.10 or newer' }).first();
  const shown = await toast.waitFor({ state: 'visible', timeout: 60000 }).then(() => true, () => false);
  const text = shown ? await toast.innerText() : '';
  const buttons = shown ? await toast.locator('.monaco-button').allInnerTexts() : [];
  check('old-python-notification', shown && /3\.8\.18/.test(text), { text, buttons });
  check('old-python-status', /codicon-error/.test(await statusText(page)), { status: await statusText(page) });
  await shot(page, 'old-python');
  const open = toast.locator('.monaco-button', { hasText: 'Open Settings' }).first();
  if (shown && await open.isVisible().catch(() => false)) {
    await open.click();
    const settings = page.locator('.settings-editor .setting-item-contents', { hasText: 'Interpreter' }).first();
    check('old-python-fix-opens-settings', await settings.waitFor({ state: 'visible', timeout: 20000 })
      .then(() => true, () => false));
    await shot(page, 'old-python-settings');
  } else {
    check('old-python-fix-opens-settings', false, { error: 'no "Open Settings" button', buttons });
  }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
  try {
    // ---- workbench
    await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    check('workbench', true);
    if (SCENARIO === 'old-python') {
      await oldPython(page);
      return;
    }
    if (SCENARIO === 'restricted') {
      await restricted(page);
      return;
    }
    if (SCENARIO !== 'main') {
      await hintsOnly(page);
      return;
    }
    await shot(page, '1-workbench');
    // more room for the code in the screenshots: hide the side bar
    await page.keyboard.press('Control+B');

    // ---- Example 2: the server starts, inlay hints, hover
    await openFile(page, EXAMPLE);
    const status = await until(async () => {
      const s = await statusText(page);
      return /codicon-check/.test(s) ? s : '';
    }, 90000);
    check('status-ready', status, { status: status || (await statusText(page)) });

    const wanted = ['(None, 10, 64)', '(None, 32)', '(None, 1)'];
    const text = await until(async () => {
      const t = await editorText(page);
      return wanted.every((w) => t.includes(w)) ? t : '';
    }, 60000, 500);
    const finalText = text || (await editorText(page));
    check('inlay-hints', text, { wanted, missing: wanted.filter((w) => !finalText.includes(w)), text: finalText });
    await page.mouse.move(5, 5);
    await shot(page, '3-inlay-hints');

    const hover = await hoverUntil(page, 'LSTM(32', 'LSTM', '(None, 32)');
    check('hover', hover.ok, { texts: hover.texts, error: hover.error });
    await shot(page, '2-hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // ---- the code lens opens the model summary beside the editor
    const lens = page.locator('.editor-group-container.active .contentWidgets a, .editor-group-container.active .codelens-decoration a',
      { hasText: 'params' }).first();
    const lensOk = await lens.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false);
    let lensTitle = '';
    if (lensOk) {
      lensTitle = (await lens.innerText().catch(() => '')).trim();
      await lens.click();
      const tab = page.locator('.tab', { hasText: 'model summary' }).first();
      const tabOk = await tab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false);
      await sleep(1500); // let the markdown preview render
      check('summary', tabOk, { lens: lensTitle, tabs: await page.locator('.tab').allInnerTexts() });
      await shot(page, '4-summary');
      await page.keyboard.press('Escape');
      // the same from the command palette, for the active editor (no arguments)
      await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
      await openFile(page, EXAMPLE);
      await runCommand(page, 'shapelens: Show Model Summary');
      const again = await tab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false);
      check('summary-palette', again, { tabs: await page.locator('.tab').allInnerTexts() });
    } else {
      check('summary', false, { error: 'no code lens with "params" above the model' });
    }

    // ---- broken stacked LSTM: squiggle, Ctrl+. quick fix, squiggle gone
    await runCommand(page, 'View: Close All Editor Groups').catch(() => {});
    await openFile(page, BROKEN);
    const squiggle = await page.waitForSelector('.editor-group-container.active .squiggly-error', { timeout: 60000 })
      .then(() => true, () => false);
    check('squiggle', squiggle);
    await shot(page, '5-squiggle');
    if (squiggle) {
      const errHover = await hoverUntil(page, FIX_ANCHOR, FIX_ANCHOR.slice(0, 4), FIX_CODE, 4);
      check('error-hover', errHover.ok, { texts: errHover.texts });
      await shot(page, '5-error-hover');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');

      const box = await wordBox(page, FIX_ANCHOR, FIX_ANCHOR.slice(0, 4));
      await page.mouse.click(box.x, box.y);
      const item = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: FIX_TITLE }).first();
      let menu = false;
      for (let i = 0; i < 4 && !menu && left() > 10000; i++) {
        await page.keyboard.press('Control+Period');
        menu = await item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
        if (!menu) {
          // the lightbulb in the gutter opens the same menu
          await page.keyboard.press('Escape');
          const bulb = page.locator('.lightBulbWidget, .codicon-light-bulb, .codicon-lightbulb-autofix').first();
          if (await bulb.isVisible().catch(() => false)) {
            await bulb.click().catch(() => {});
            menu = await item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
          }
        }
      }
      const menuItems = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
      check('quickfix-menu', menu, { items: menuItems });
      await shot(page, '6-quickfix-menu');
      if (menu) {
        await item.click();
        const fixed = await until(async () => {
          const t = await editorText(page);
          const n = await page.locator('.editor-group-container.active .squiggly-error').count();
          return t.includes(FIX_RESULT) && n === 0 ? t : '';
        }, 30000, 500);
        const t = await editorText(page);
        check('quickfix-applied', fixed, {
          text: t,
          squiggles: await page.locator('.editor-group-container.active .squiggly-error').count(),
        });
        await page.mouse.move(5, 5);
        await shot(page, '7-fixed');
        await runCommand(page, 'File: Save').catch(() => {});
      }
    }
    await notebookAndUntitled(page);
    await settingsRestart(page);
    check('status-after', true, { status: await statusText(page) });
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
