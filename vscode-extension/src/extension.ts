// shapelens for VS Code: starts `<python> -I -c <bootstrap>` (the shapelens server) and connects it with vscode-languageclient.
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import {
  Interpreter,
  InterpreterInfo,
  MIN_PYTHON,
  canImportShapelens,
  describe,
  insideWorkspace,
  inspectInterpreter,
  onDidChangePythonEnvironment,
  pythonExtensionInstalled,
  resolveInterpreter,
  versionAtLeast,
} from './python';
import { StatusItem } from './status';
import { SUMMARY_SCHEME, SummaryDocuments, showSummary, summaryArguments } from './summary';

const CLIENT_ID = 'shapelens';
const SUMMARY_COMMAND = 'shapelens.showSummary';
/** Settings whose change needs a new server (trace.server is applied by the client itself). */
const RESTART_SETTINGS = [
  'shapelens.enable',
  'shapelens.inlayHints.enable',
  'shapelens.disabledCodes',
  'shapelens.severityOverrides',
  'shapelens.interpreter',
  'shapelens.importStrategy',
];

let client: LanguageClient | undefined;
let clientDisposables: vscode.Disposable[] = [];
let log: vscode.LogOutputChannel;
let status: StatusItem;
let summaries: SummaryDocuments;
let extensionContext: vscode.ExtensionContext;
/** Restarts run one after another, never two at once. */
let lifecycle: Promise<void> = Promise.resolve();
let stopping = false;

export interface ServerSettings {
  inlayHints: boolean;
  disabledCodes: string[];
  severityOverrides: Record<string, string>;
}

/** The settings sent to the server as `initializationOptions.settings`. */
export function serverSettings(resource?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration('shapelens', resource);
  const codes = config.get<unknown[]>('disabledCodes') ?? [];
  const overrides = config.get<Record<string, unknown>>('severityOverrides') ?? {};
  const severityOverrides: Record<string, string> = {};
  for (const [code, severity] of Object.entries(overrides)) {
    if (typeof severity === 'string') {
      severityOverrides[code.toUpperCase()] = severity.toLowerCase();
    }
  }
  return {
    inlayHints: config.get<boolean>('inlayHints.enable', true),
    disabledCodes: codes.filter((c): c is string => typeof c === 'string').map((c) => c.toUpperCase()),
    severityOverrides,
  };
}

function currentResource(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === 'file') {
    return doc.uri;
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** The Python extension's interpreter picker, except in Restricted Mode, where its choice is not used. */
function pickWithPythonExtension(): boolean {
  return pythonExtensionInstalled() && vscode.workspace.isTrusted;
}

async function selectInterpreter(): Promise<void> {
  if (pickWithPythonExtension()) {
    await vscode.commands.executeCommand('python.setInterpreter');
    return;
  }
  const picked = await vscode.window.showOpenDialog({
    title: 'Select a Python 3.10+ interpreter for shapelens',
    canSelectMany: false,
    openLabel: 'Use this Python',
  });
  if (picked?.[0]) {
    // in Restricted Mode a workspace value would be ignored: the choice goes to the user settings
    const target = vscode.workspace.workspaceFolders && vscode.workspace.isTrusted
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('shapelens').update('interpreter', [picked[0].fsPath], target);
  }
}

/** An error notification whose buttons fix the problem; returns at once (the answer is handled
 * whenever the user gives it), so the status bar shows the error meanwhile. */
async function notifyInterpreterProblem(message: string): Promise<void> {
  log.error(message);
  status.set('error', message);
  const select = pickWithPythonExtension() ? 'Select Interpreter' : 'Choose Python...';
  void vscode.window.showErrorMessage(message, select, 'Open Settings', 'Show Logs').then(async (choice) => {
    if (choice === select) {
      await selectInterpreter();
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'shapelens.interpreter');
    } else if (choice === 'Show Logs') {
      log.show();
    }
  });
}

function bundledLibs(): string {
  return extensionContext.asAbsolutePath(path.join('bundled', 'libs'));
}

/** What scripts/bundle_python.py wrote into bundled/libs/shapelens_bundle.json. */
interface BundleManifest {
  /** The VSIX target, e.g. "linux-x64", "darwin-arm64", "win32-x64". */
  target: string;
  /** CPython versions ("3.10", ...) with a libcst extension module in the bundle. */
  python: string[];
  /** Per CPython version, libcst's extension module (relative to bundled/libs). */
  native: Record<string, string>;
}

function bundleManifest(): BundleManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(bundledLibs(), 'shapelens_bundle.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The name of libcst's compiled module for a CPython version on this platform, as CPython names
 * extension modules: native.cpython-312-x86_64-linux-gnu.so, native.cpython-312-darwin.so,
 * native.cp312-win_amd64.pyd. */
export function nativeModuleName(version: number[], platform: string, arch: string): string {
  const v = `${version[0]}${version[1]}`;
  if (platform === 'win32') {
    return `native.cp${v}-${arch === 'arm64' ? 'win_arm64' : 'win_amd64'}.pyd`;
  }
  if (platform === 'darwin') {
    return `native.cpython-${v}-darwin.so`;
  }
  return `native.cpython-${v}-${arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu.so`;
}

/** The VS Code architecture (x64, arm64) of platform.machine(). */
function machineArch(machine: string | undefined): string {
  const m = (machine ?? '').toLowerCase();
  if (m === 'arm64' || m === 'aarch64') return 'arm64';
  if (m === 'x86_64' || m === 'amd64' || m === 'x64') return 'x64';
  return m || process.arch;
}

/** Whether the bundled libcst can be imported by this interpreter: CPython, and bundled/libs holds
 * the extension module named the way this interpreter looks for it (its EXT_SUFFIX, e.g.
 * `.cpython-312-x86_64-linux-gnu.so` or `.cp312-win_amd64.pyd`). On macOS both architectures use
 * the same name, so the interpreter's architecture must also be the bundle's. */
function bundledSupports(info: InterpreterInfo): { ok: boolean; module: string } {
  const manifest = bundleManifest();
  const arch = machineArch(info.machine);
  const module = info.extSuffix ? `native${info.extSuffix}` : nativeModuleName(info.version, process.platform, arch);
  if (info.implementation && info.implementation !== 'cpython') {
    return { ok: false, module };
  }
  if (manifest?.target) {
    const [targetOs, targetArch] = manifest.target.split('-');
    if (targetOs !== process.platform || (process.platform === 'darwin' && targetArch !== arch)) {
      return { ok: false, module };
    }
  }
  return { ok: fs.existsSync(path.join(bundledLibs(), 'libcst', module)), module };
}

function bundleDescription(): string {
  const manifest = bundleManifest();
  if (!manifest) {
    return 'the CPython versions whose libcst module it carries';
  }
  return `CPython ${manifest.python.join(', ')} (${manifest.target})`;
}

/** The `python -I -c` program that starts the server with `folders` first on sys.path. A JSON
 * array of strings is also a Python list literal. */
export function serverBootstrap(folders: string[]): string {
  return (
    `import sys; sys.path[:0] = ${JSON.stringify(folders)}; ` +
    "from shapelens.lsp.app import main_lsp; sys.exit(main_lsp(['--stdio']))"
  );
}

/** Works out how to run the server; undefined (after telling the user why) when it cannot run. */
async function serverOptions(): Promise<{ options: ServerOptions; interpreter: Interpreter } | undefined> {
  const resource = currentResource();
  // Restricted Mode (an untrusted folder): nothing the folder configures is run. Only the bundled
  // server, with the user's own interpreter (user settings) or python3 on PATH.
  const trusted = vscode.workspace.isTrusted;
  const interpreter = await resolveInterpreter(resource, trusted);
  const minimum = `${MIN_PYTHON[0]}.${MIN_PYTHON[1]}`;
  if (interpreter?.note) {
    log.warn(interpreter.note);
  }
  if (!interpreter) {
    await notifyInterpreterProblem(
      `shapelens needs Python ${minimum} or newer to run its server, and found no python3 on PATH. ` +
        (trusted
          ? 'Install Python, or set "shapelens.interpreter" to its path.'
          : 'Install Python, or set "shapelens.interpreter" in your user settings (this folder is in Restricted Mode).'),
    );
    return undefined;
  }
  let info;
  try {
    info = await inspectInterpreter(interpreter);
  } catch (err) {
    await notifyInterpreterProblem(
      `shapelens could not run Python ${describe(interpreter)}: ${(err as Error).message.split('\n')[0]}. ` +
        `Set "shapelens.interpreter" to a Python ${minimum}+ interpreter.`,
    );
    return undefined;
  }
  const version = info.version.join('.');
  log.info(`Python ${version} at ${info.executable}, ${describe(interpreter)}`);
  if (!trusted && info.executable && insideWorkspace(info.executable)) {
    await notifyInterpreterProblem(
      `shapelens does not run ${info.executable}: it is inside this folder, which is in Restricted Mode. ` +
        'Trust the folder, or set "shapelens.interpreter" in your user settings to a Python outside it.',
    );
    return undefined;
  }
  if (!versionAtLeast(info.version, [...MIN_PYTHON])) {
    await notifyInterpreterProblem(
      `shapelens needs Python ${minimum} or newer; ${describe(interpreter)} is Python ${version}. ` +
        `Select a Python ${minimum}+ interpreter.`,
    );
    return undefined;
  }

  const config = vscode.workspace.getConfiguration('shapelens', resource);
  const strategy = trusted ? config.get<string>('importStrategy', 'useBundled') : 'useBundled';
  if (!trusted) {
    log.info(
      'Restricted Mode: running the bundled server with an interpreter from your user settings or PATH; ' +
        'the workspace\'s "shapelens.interpreter" and "shapelens.importStrategy" apply once you trust this folder',
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
  // folders put in front of sys.path by the bootstrap (the bundled server and its libraries)
  const prepend: string[] = [];
  if (strategy === 'useBundled') {
    const libs = bundledLibs();
    if (!fs.existsSync(path.join(libs, 'shapelens'))) {
      if (!trusted) {
        await notifyInterpreterProblem(
          `This copy of shapelens has no bundled server (${libs}), and in Restricted Mode it runs no other. ` +
            'Trust this folder to use the shapelens installed in your interpreter.',
        );
        return undefined;
      }
      log.warn(`no bundled server in ${libs}; falling back to the shapelens installed in ${info.executable}`);
    } else {
      const support = bundledSupports(info);
      if (!support.ok) {
        await notifyInterpreterProblem(
          `The bundled shapelens server runs on ${bundleDescription()}; ` +
            `${describe(interpreter)} is ${info.implementation ?? 'Python'} ${version} ` +
            `(${process.platform}, ${info.machine ?? process.arch}; no bundled libcst/${support.module}). ` +
            'Select one of those interpreters, or install shapelens in it (pip install shapelens) ' +
            'and set "shapelens.importStrategy" to "fromEnvironment".',
        );
        return undefined;
      }
      prepend.push(libs);
    }
  } else if (!(await canImportShapelens(interpreter, env))) {
    log.error(`shapelens is not importable in ${info.executable}`);
    status.set('error', `shapelens is not installed in ${info.executable}`);
    void vscode.window.showErrorMessage(
      `shapelens is not installed in ${info.executable} ("shapelens.importStrategy" is "fromEnvironment"). ` +
        `Run "${info.executable} -m pip install shapelens", or use the server bundled with the extension.`,
      'Use Bundled Server',
      'Select Interpreter',
    ).then(async (choice) => {
      if (choice === 'Use Bundled Server') {
        await config.update('importStrategy', 'useBundled', vscode.ConfigurationTarget.Global);
      } else if (choice === 'Select Interpreter') {
        await selectInterpreter();
      }
    });
    return undefined;
  }
  // python3 found on PATH may be a shim (pyenv, asdf) that re-resolves the interpreter on every start:
  // run the interpreter it resolved to. A command from the setting is run as given.
  const argv = interpreter.source === 'path' && info.executable ? [info.executable] : interpreter.command;
  // Never `python -m shapelens lsp` in the workspace folder: `-m` and `-c` put the current folder
  // first on sys.path, so a workspace file named libcst.py, attr.py, ... would run. `-I` (isolated
  // mode) keeps the current folder, PYTHONPATH and PYTHON* variables out; the bootstrap adds the
  // bundled libraries itself, and the server runs in the extension's folder.
  const args = [...argv.slice(1), '-I', '-c', serverBootstrap(prepend)];
  log.info(`server: ${[argv[0], ...args].join(' ')} (importStrategy ${strategy})`);
  const cwd = extensionContext.extensionPath;
  const executable = {
    command: argv[0],
    args,
    options: { env, cwd },
  };
  return { options: { run: executable, debug: executable }, interpreter };
}

function clientOptions(): LanguageClientOptions {
  const settings = serverSettings(currentResource());
  return {
    // Notebooks are synchronised as notebooks (the server declares notebookDocumentSync for
    // jupyter-notebook and interactive): the server analyses the cells together. These filters make
    // hover, inlay hints, code actions and lenses reach their cells; cell URIs go as VS Code gives them.
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' },
      { notebook: { notebookType: 'interactive' }, language: 'python' },
    ],
    outputChannel: log,
    traceOutputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: { settings },
    middleware: {
      didOpen: (document, next) => {
        status.analysing(document.uri.toString());
        return next(document);
      },
      didChange: (event, next) => {
        status.analysing(event.document.uri.toString());
        return next(event);
      },
      didClose: (document, next) => {
        status.done(document.uri.toString());
        return next(document);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        status.done(uri.toString());
        next(uri, diagnostics);
      },
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const uri = document instanceof vscode.Uri ? document : document.uri;
        try {
          return await next(document, previousResultId, token);
        } finally {
          status.done(uri.toString());
        }
      },
      provideInlayHints: (document, range, token, next) => {
        if (!vscode.workspace.getConfiguration('shapelens', document.uri).get('inlayHints.enable', true)) {
          return [];
        }
        return next(document, range, token);
      },
      executeCommand: async (command, args, next) => {
        if (command !== SUMMARY_COMMAND) {
          return next(command, args);
        }
        return runSummary(args, (a) => next(command, a));
      },
    },
  };
}

/** Calls the server's summary command (with the active editor's URI when none is given) and shows it. */
async function runSummary(args: unknown[], send: (args: unknown[]) => Promise<unknown>): Promise<unknown> {
  const summaryArgs = summaryArguments(args);
  if (!summaryArgs) {
    void vscode.window.showInformationMessage('Open a Python file to see the summary of its Keras models.');
    return undefined;
  }
  const result = await send(summaryArgs);
  await showSummary(summaries, summaryArgs[0], result);
  return result;
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration('shapelens');
  if (!config.get<boolean>('enable', true)) {
    log.info('shapelens.enable is false: the server is not started');
    status.set('disabled');
    return;
  }
  status.set('starting');
  const server = await serverOptions();
  if (!server) {
    return; // the user has been told why (notification, status bar, log)
  }
  const newClient = new LanguageClient(CLIENT_ID, 'shapelens', server.options, clientOptions());
  clientDisposables.push(
    newClient.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        const restricted = vscode.workspace.isTrusted ? '' : '\nRestricted Mode: bundled server, user-level settings only';
        status.set('ready', describe(server.interpreter) + restricted);
      } else if (e.newState === State.Stopped && !stopping) {
        status.set('error', 'the server stopped (click for the logs)');
      }
    }),
  );
  client = newClient;
  try {
    const started = Date.now();
    await newClient.start();
    log.info(`server started in ${Date.now() - started} ms`);
  } catch (err) {
    log.error(`could not start the server: ${(err as Error).message}`);
    status.set('error', (err as Error).message);
    const choice = await vscode.window.showErrorMessage(
      `shapelens could not start its server: ${(err as Error).message}`,
      'Show Logs',
      'Restart',
    );
    if (choice === 'Show Logs') log.show();
    if (choice === 'Restart') void restart();
    return;
  }
  // When the server does not advertise the summary command, the client registers nothing for it:
  // register it here so the palette entry still asks the server.
  const commands = newClient.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!commands.includes(SUMMARY_COMMAND)) {
    log.warn(`the server does not advertise ${SUMMARY_COMMAND}; sending it as workspace/executeCommand anyway`);
    clientDisposables.push(
      vscode.commands.registerCommand(SUMMARY_COMMAND, (...args: unknown[]) =>
        runSummary(args, (a) => newClient.sendRequest(ExecuteCommandRequest.type, { command: SUMMARY_COMMAND, arguments: a })),
      ),
    );
  }
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  for (const d of clientDisposables) d.dispose();
  clientDisposables = [];
  if (old) {
    stopping = true;
    try {
      await old.stop(5000);
    } catch (err) {
      log.warn(`stopping the server: ${(err as Error).message}`);
    } finally {
      stopping = false;
    }
  }
}

function restart(): Promise<void> {
  lifecycle = lifecycle.then(async () => {
    log.info('(re)starting the server');
    await stopClient();
    await startClient();
  }).catch((err) => {
    log.error(`restart failed: ${(err as Error).message}`);
    status.set('error', (err as Error).message);
  });
  return lifecycle;
}

let restartTimer: NodeJS.Timeout | undefined;
function restartSoon(): void {
  if (restartTimer) clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    restartTimer = undefined;
    void restart();
  }, 300);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  log = vscode.window.createOutputChannel('shapelens', { log: true });
  status = new StatusItem();
  summaries = new SummaryDocuments();
  context.subscriptions.push(
    log,
    status,
    summaries,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    vscode.commands.registerCommand('shapelens.restart', () => restart()),
    vscode.commands.registerCommand('shapelens.showLogs', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        log.info('settings changed: restarting the server');
        restartSoon();
      }
    }),
    // Trust granted: the workspace's own settings may now apply. VS Code delivers the workspace values
    // of restricted settings only afterwards, as a configuration change, which restarts again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('the folder is trusted now: restarting the server with the workspace settings');
      restartSoon();
    }),
    { dispose: () => void stopClient() },
  );
  const envListener = await onDidChangePythonEnvironment(() => {
    const setting = vscode.workspace.getConfiguration('shapelens').get<string[]>('interpreter') ?? [];
    if (setting.length === 0 && vscode.workspace.isTrusted) {
      log.info('the Python extension changed the active environment: restarting the server');
      restartSoon();
    }
  });
  if (envListener) context.subscriptions.push(envListener);
  log.info(
    `shapelens ${context.extension.packageJSON.version} activated` +
      (vscode.workspace.isTrusted ? '' : ' (Restricted Mode: this folder is not trusted)'),
  );
  await restart();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
