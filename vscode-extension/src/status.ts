// The status bar item: starting / ready / analysing / error / disabled. Clicking it shows the logs.
import * as vscode from 'vscode';

export type Status = 'starting' | 'ready' | 'analysing' | 'error' | 'disabled';

const LOOK: Record<Status, { text: string; tooltip: string; background?: string }> = {
  starting: { text: '$(loading~spin) shapelens', tooltip: 'shapelens: starting the server' },
  ready: { text: '$(check) shapelens', tooltip: 'shapelens: ready' },
  analysing: { text: '$(sync~spin) shapelens', tooltip: 'shapelens: analysing' },
  error: {
    text: '$(error) shapelens',
    tooltip: 'shapelens: the server is not running (click for the logs)',
    background: 'statusBarItem.errorBackground',
  },
  disabled: { text: '$(circle-slash) shapelens', tooltip: 'shapelens is disabled (shapelens.enable)' },
};

/** How long a document may stay "analysing" without an answer before the item goes back to ready. */
const ANALYSIS_TIMEOUT_MS = 15000;

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private base: Status = 'starting';
  private detail = '';
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor() {
    this.item = vscode.window.createStatusBarItem('shapelens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'shapelens';
    this.item.command = 'shapelens.showLogs';
    this.render();
    this.item.show();
  }

  get status(): Status {
    return this.base === 'ready' && this.pending.size > 0 ? 'analysing' : this.base;
  }

  set(status: Status, detail = ''): void {
    this.base = status;
    this.detail = detail;
    if (status !== 'ready') {
      this.clearPending();
    }
    this.render();
  }

  /** A document was sent to the server: analysing until its diagnostics come back. */
  analysing(uri: string): void {
    if (this.base !== 'ready') {
      return;
    }
    const old = this.pending.get(uri);
    if (old) clearTimeout(old);
    this.pending.set(uri, setTimeout(() => this.done(uri), ANALYSIS_TIMEOUT_MS));
    this.render();
  }

  done(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer) {
      clearTimeout(timer);
      this.pending.delete(uri);
      this.render();
    }
  }

  private clearPending(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private render(): void {
    const look = LOOK[this.status];
    this.item.text = look.text;
    this.item.tooltip = this.detail ? `${look.tooltip}\n${this.detail}` : look.tooltip;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
  }

  dispose(): void {
    this.clearPending();
    this.item.dispose();
  }
}
