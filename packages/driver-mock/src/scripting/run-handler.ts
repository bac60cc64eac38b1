import type { ExecHandler, ExecHandlerContext } from '../scripting/exec-script.js';
import { utf8 } from '../shell/shell-io.js';

/**
 * Runs a scripted handler as a command: whatever it returns (`{ exitCode, stdout, stderr }`, or nothing
 * for exit 0) becomes the command's output and status. A throw rejects (the driver call fails with it).
 */
export async function runHandler(handler: ExecHandler, context: ExecHandlerContext): Promise<number> {
  const result = await handler(context);
  if (result === undefined || result === null) return 0;
  if (result.stdout !== undefined)
    context.writeStdout(typeof result.stdout === 'string' ? utf8(result.stdout) : result.stdout);
  if (result.stderr !== undefined)
    context.writeStderr(typeof result.stderr === 'string' ? utf8(result.stderr) : result.stderr);
  return result.exitCode ?? 0;
}
