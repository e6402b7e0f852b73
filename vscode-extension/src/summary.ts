// Shows the markdown returned by the server's `shapelens.showSummary` command beside the editor:
// a read-only virtual document (scheme `shapelens-summary`) opened in the markdown preview.
import * as vscode from 'vscode';
import * as path from 'path';

export const SUMMARY_SCHEME = 'shapelens-summary';

export class SummaryDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Stores `markdown` under a summary URI derived from the source file and returns that URI. */
  set(source: vscode.Uri, markdown: string): vscode.Uri {
    const name = path.posix.basename(source.path) || 'untitled';
    const uri = vscode.Uri.from({
      scheme: SUMMARY_SCHEME,
      path: `/${name} - model summary.md`,
      query: source.toString(),
    });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `[uri, line?]` for the server: fills in the active editor when called with no arguments. */
export function summaryArguments(args: unknown[]): [string, number?] | undefined {
  let uri: string | undefined;
  let line: number | undefined;
  const first = args[0];
  if (typeof first === 'string' && first.length > 0) {
    uri = first;
  } else if (first instanceof vscode.Uri) {
    uri = first.toString();
  } else if (first && typeof first === 'object' && 'uri' in first) {
    uri = String((first as { uri: unknown }).uri);
  }
  if (typeof args[1] === 'number') {
    line = args[1];
  }
  if (!uri) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      return undefined;
    }
    uri = editor.document.uri.toString();
  }
  return line === undefined ? [uri] : [uri, line];
}

export function summaryMarkdown(result: unknown): string | undefined {
  if (typeof result === 'string') {
    return result.trim() ? result : undefined;
  }
  if (result && typeof result === 'object') {
    const r = result as { markdown?: unknown; value?: unknown };
    if (typeof r.markdown === 'string') return r.markdown;
    if (typeof r.value === 'string') return r.value;
  }
  return undefined;
}

export async function showSummary(docs: SummaryDocuments, source: string, result: unknown): Promise<void> {
  const markdown = summaryMarkdown(result);
  const sourceUri = vscode.Uri.parse(source);
  if (!markdown) {
    void vscode.window.showInformationMessage(
      `shapelens found no Keras model in ${path.posix.basename(sourceUri.path)}.`,
    );
    return;
  }
  const uri = docs.set(sourceUri, markdown);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // no markdown preview (e.g. the built-in extension is disabled): show the markdown text
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}
