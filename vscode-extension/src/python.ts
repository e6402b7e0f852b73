// Finding the Python interpreter that runs the shapelens server, the way Microsoft's Python tool
// extensions (black, isort, pylint) do: the `shapelens.interpreter` setting first, then the Python
// extension's active environment when that extension is installed, then `python3` on PATH.
// In Restricted Mode (an untrusted folder) nothing the folder names is run: only the user's own
// (user-level) `shapelens.interpreter`, else `python3` on PATH, and never a program inside the folder.
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { PythonExtension } from '@vscode/python-extension';

export const MIN_PYTHON: [number, number] = [3, 10];

export type InterpreterSource = 'setting' | 'user-setting' | 'python-extension' | 'path';

export interface Interpreter {
  /** argv prefix: the executable plus any arguments given in the setting. */
  command: string[];
  source: InterpreterSource;
  /** Why a configured interpreter was passed over (Restricted Mode), for the log. */
  note?: string;
}

export interface InterpreterInfo {
  version: [number, number, number];
  executable: string;
  /** sys.implementation.name, e.g. "cpython". */
  implementation?: string;
  /** sysconfig's EXT_SUFFIX: the end of this interpreter's extension module names, e.g.
   * ".cpython-312-x86_64-linux-gnu.so", ".cpython-312-darwin.so", ".cp312-win_amd64.pyd". */
  extSuffix?: string;
  /** platform.machine(), e.g. "x86_64", "aarch64", "arm64", "AMD64". */
  machine?: string;
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

let pythonApi: PythonExtension | undefined;

async function getPythonApi(): Promise<PythonExtension | undefined> {
  if (pythonApi) {
    return pythonApi;
  }
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) {
    return undefined;
  }
  try {
    pythonApi = await PythonExtension.api();
    return pythonApi;
  } catch {
    return undefined;
  }
}

/** Fires when the Python extension's active environment changes (never fires without it). */
export async function onDidChangePythonEnvironment(
  listener: () => void,
): Promise<vscode.Disposable | undefined> {
  const api = await getPythonApi();
  return api?.environments.onDidChangeActiveEnvironmentPath(() => listener());
}

export function pythonExtensionInstalled(): boolean {
  return vscode.extensions.getExtension(PYTHON_EXTENSION_ID) !== undefined;
}

function substitute(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  let out = value;
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
  }
  out = out.replace(/\$\{userHome\}/g, home);
  if (out.startsWith('~/')) {
    out = path.join(home, out.slice(2));
  }
  return out;
}

/** True when `file` is one of the workspace folders or lies inside one. */
export function insideWorkspace(file: string): boolean {
  const target = path.resolve(file);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const rel = path.relative(path.resolve(folder.uri.fsPath), target);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      return true;
    }
  }
  return false;
}

/** `name` in the PATH folders; `restricted` skips relative PATH entries and folders inside the
 * workspace, which an untrusted folder could fill. */
function whichOnPath(name: string, restricted = false): string | undefined {
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .filter((dir) => !restricted || (path.isAbsolute(dir) && !insideWorkspace(dir)));
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

function settingList(value: string[] | string | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (s) => typeof s === 'string' && s.trim() !== '',
  );
}

/** The interpreter to use, or undefined when none can be found at all. `trusted` is
 * vscode.workspace.isTrusted: when false, only the user-level setting or PATH is used. */
export async function resolveInterpreter(
  resource: vscode.Uri | undefined,
  trusted: boolean = vscode.workspace.isTrusted,
): Promise<Interpreter | undefined> {
  const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0];
  const config = vscode.workspace.getConfiguration('shapelens', resource);
  if (!trusted) {
    return restrictedInterpreter(config);
  }
  const fromSetting = settingList(config.get<string[] | string>('interpreter'));
  if (fromSetting.length > 0) {
    return { command: fromSetting.map((s) => substitute(s, folder)), source: 'setting' };
  }

  const api = await getPythonApi();
  if (api) {
    try {
      const envPath = api.environments.getActiveEnvironmentPath(resource);
      const env = await api.environments.resolveEnvironment(envPath);
      const exe = env?.executable.uri?.fsPath;
      if (exe) {
        return { command: [exe], source: 'python-extension' };
      }
    } catch {
      // fall through to PATH
    }
  }

  return pythonOnPath(false);
}

function pythonOnPath(restricted: boolean): Interpreter | undefined {
  for (const name of process.platform === 'win32' ? ['python.exe', 'py.exe'] : ['python3', 'python']) {
    const found = whichOnPath(name, restricted);
    if (found) {
      return { command: [found], source: 'path' };
    }
  }
  return undefined;
}

/** Restricted Mode: the user-level `shapelens.interpreter` (inspect().globalValue; VS Code does not
 * even pass a workspace value of a restricted setting to the extension there, and it is not read),
 * else python3 on PATH. A program in the workspace is never chosen: not through
 * `${workspaceFolder}`, a relative path, or a PATH entry inside the folder. No Python extension
 * either: its active environment may be a virtual environment in the folder. */
function restrictedInterpreter(config: vscode.WorkspaceConfiguration): Interpreter | undefined {
  const user = settingList(config.inspect<string[] | string>('interpreter')?.globalValue);
  let note: string | undefined;
  if (user.length > 0) {
    const command = user.map((s) => substitute(s, undefined));
    const exe = command[0];
    const relativePath = !path.isAbsolute(exe) && /[\\/]/.test(exe);
    if (/\$\{workspaceFolder/.test(exe) || relativePath || (path.isAbsolute(exe) && insideWorkspace(exe))) {
      note = `Restricted Mode: not running "${user[0]}" from your user settings, as it is in this untrusted folder`;
    } else if (!path.isAbsolute(exe)) {
      // a bare name ("python3.12"): looked up on PATH, outside the workspace
      const found = whichOnPath(exe, true);
      if (found) {
        return { command: [found, ...command.slice(1)], source: 'user-setting' };
      }
      note = `Restricted Mode: "${exe}" from your user settings is not on PATH (outside this folder)`;
    } else {
      return { command, source: 'user-setting' };
    }
  }
  const found = pythonOnPath(true);
  return found ? { ...found, note } : undefined;
}

function run(command: string[], args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command[0], [...command.slice(1), ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${err.message}${stderr ? `\n${stderr}` : ''}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** Runs the interpreter once to learn its version, implementation, extension module suffix and
 * machine; throws if it cannot be run. */
export async function inspectInterpreter(interpreter: Interpreter): Promise<InterpreterInfo> {
  const script =
    'import json, sys\n' +
    'info = {"version": list(sys.version_info[:3]), "executable": sys.executable}\n' +
    'try:\n' +
    '    import platform, sysconfig\n' +
    '    info.update(implementation=sys.implementation.name, ext_suffix=sysconfig.get_config_var("EXT_SUFFIX"), machine=platform.machine())\n' +
    'except Exception:\n' +
    '    pass\n' +
    'print(json.dumps(info))';
  const out = await run(interpreter.command, ['-I', '-c', script], 15000);
  const data = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  return {
    version: data.version,
    executable: data.executable,
    implementation: data.implementation ?? undefined,
    extSuffix: data.ext_suffix ?? undefined,
    machine: data.machine ?? undefined,
  };
}

/** True when `import shapelens` works in that interpreter with the given environment, in isolated
 * mode (`-I`) as the server is started. */
export async function canImportShapelens(
  interpreter: Interpreter,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      interpreter.command[0],
      [...interpreter.command.slice(1), '-I', '-c', 'import shapelens'],
      { timeout: 15000, env },
      (err) => resolve(!err),
    );
  });
}

export function versionAtLeast(version: number[], min: number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    if ((version[i] ?? 0) !== min[i]) {
      return (version[i] ?? 0) > min[i];
    }
  }
  return true;
}

export function describe(interpreter: Interpreter): string {
  const where = {
    setting: 'from the shapelens.interpreter setting',
    'user-setting': 'from shapelens.interpreter in your user settings',
    'python-extension': "the Python extension's active environment",
    path: 'found on PATH',
  }[interpreter.source];
  return `${interpreter.command.join(' ')} (${where})`;
}
