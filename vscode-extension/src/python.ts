// Finding the Python interpreter that runs the shapelens server, the way Microsoft's Python tool
// extensions (black, isort, pylint) do: the `shapelens.interpreter` setting first, then the Python
// extension's active environment when that extension is installed, then `python3` on PATH.
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { PythonExtension } from '@vscode/python-extension';

export const MIN_PYTHON: [number, number] = [3, 10];
/** CPython versions whose libcst wheels the VSIX bundles (useBundled). */
export const BUNDLED_PYTHONS = ['3.10', '3.11', '3.12', '3.13'];

export type InterpreterSource = 'setting' | 'python-extension' | 'path';

export interface Interpreter {
  /** argv prefix: the executable plus any arguments given in the setting. */
  command: string[];
  source: InterpreterSource;
}

export interface InterpreterInfo {
  version: [number, number, number];
  executable: string;
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

function whichOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
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

/** The interpreter to use, or undefined when none can be found at all. */
export async function resolveInterpreter(
  resource: vscode.Uri | undefined,
): Promise<Interpreter | undefined> {
  const folder = resource ? vscode.workspace.getWorkspaceFolder(resource) : vscode.workspace.workspaceFolders?.[0];
  const config = vscode.workspace.getConfiguration('shapelens', resource);
  const setting = config.get<string[] | string>('interpreter') ?? [];
  const fromSetting = (Array.isArray(setting) ? setting : [setting]).filter((s) => s.trim() !== '');
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

  for (const name of process.platform === 'win32' ? ['python.exe', 'py.exe'] : ['python3', 'python']) {
    const found = whichOnPath(name);
    if (found) {
      return { command: [found], source: 'path' };
    }
  }
  return undefined;
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

/** Runs the interpreter once to learn its version; throws if it cannot be run. */
export async function inspectInterpreter(interpreter: Interpreter): Promise<InterpreterInfo> {
  const script = 'import json, sys; print(json.dumps({"version": list(sys.version_info[:3]), "executable": sys.executable}))';
  const out = await run(interpreter.command, ['-I', '-c', script], 15000);
  const data = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  return { version: data.version, executable: data.executable };
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
    'python-extension': "the Python extension's active environment",
    path: 'found on PATH',
  }[interpreter.source];
  return `${interpreter.command.join(' ')} (${where})`;
}
