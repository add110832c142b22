// Offers `ironclaw4j mcp` to VS Code's agent mode (the MCP server definition provider API, VS Code 1.101+).
// On older VS Code the API does not exist and nothing is registered.
import * as vscode from 'vscode';
import type { ServerController } from './server';

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: unknown): vscode.Disposable;
}
type StdioDefinitionCtor = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => unknown;

export function registerMcp(context: vscode.ExtensionContext, server: ServerController): boolean {
  const lm = (vscode as unknown as { lm?: Partial<McpApi> }).lm;
  const Stdio = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinitionCtor }).McpStdioServerDefinition;
  if (!lm || typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof Stdio !== 'function') {
    server.output.appendLine('[extension] this VS Code has no MCP server API (1.101+); ironclaw4j is not offered to agent mode. See docs/mcp.md for a manual .vscode/mcp.json.');
    return false;
  }
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ironclaw4j')) {
        changed.fire();
      }
    }),
    lm.registerMcpServerDefinitionProvider('ironclaw4j.mcp', {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => {
        if (!server.settings().mcpRegister) {
          return [];
        }
        const cmd = server.resolveCommand('mcp');
        if ('error' in cmd) {
          server.output.appendLine(`[extension] MCP server not offered: ${cmd.error}`);
          return [];
        }
        return [new Stdio('ironclaw4j guarded tools', cmd.command, cmd.args, cmd.env)];
      },
    }),
  );
  return true;
}
