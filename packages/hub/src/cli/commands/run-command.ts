import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ContainerDriver, ExecHandle } from '@berth/core';
import type { Language } from '@berth/session-manager';
import { Command, Option } from 'commander';
import { driverKinds, type GlobalOptions, openDriver } from '../cli-context.js';
import { CliExit, EXIT } from '../exit-codes.js';
import { hubOption, hubTarget } from '../hub-remote.js';
import { reportRun } from '../output.js';
import { PullProgressBar } from '../pull-progress.js';

/** Languages `berth run` accepts. */
export const RUN_LANGUAGES = ['python', 'javascript', 'bash'] as const;

interface RunOptions {
  image?: string;
  lang?: (typeof RUN_LANGUAGES)[number];
  code?: string;
  hub?: string;
}

/** What `berth run` runs: code in a language, or a command. */
export type Work = { kind: 'code'; language: Language; code: string } | { kind: 'command'; command: string[] };

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.sh': 'bash',
};

/**
 * `berth run`: creates a session, runs code (`-c`, a FILE) or a command (`-- CMD…`), streams its output,
 * prints the exit code, cleans up (also on Ctrl-C) and exits with the program's exit code.
 */
export function runCommand(globals: () => GlobalOptions, argv: readonly string[]): Command {
  return new Command('run')
    .description('run code or a command in a fresh session, stream its output, exit with its exit code')
    .usage('[options] (-c CODE | FILE | -- CMD...)')
    .option('--image <image>', 'image of the session (default: the driver default, `host` on local)')
    .addOption(new Option('--lang <language>', 'language of -c CODE or FILE').choices(RUN_LANGUAGES))
    .option('-c, --code <code>', 'code to run')
    .argument('[file-or-command...]', 'a FILE to run, or after -- a command and its arguments')
    .addOption(hubOption())
    .action(async (args: string[], options: RunOptions) => {
      const g = globals();
      const work = await parseWork(args, options, argv.includes('--'));
      const target = hubTarget(options.hub);
      if (target !== undefined) {
        const { runOnHub } = await import('../remote-run.js');
        return runOnHub(target, work, options.image, g.json === true);
      }
      const [kind] = driverKinds(g.driver, false);
      // Loaded lazily: the session manager pulls in the TypeScript compiler.
      const { LANGUAGE_RUNTIMES, SessionManager } = await import('@berth/session-manager');
      const driver = await openDriver(kind ?? 'local', g);
      const manager = new SessionManager(driver);
      let sessionId: string | undefined;
      let cleaning: Promise<void> | undefined;
      const cleanup = (): Promise<void> => {
        cleaning ??= (async () => {
          if (sessionId !== undefined) await manager.cleanupSession(sessionId).catch(() => undefined);
          await manager.dispose().catch(() => undefined);
          await driver.dispose().catch(() => undefined);
        })();
        return cleaning;
      };
      const onSignal = (signal: NodeJS.Signals): void => {
        process.stderr.write(`\nberth: ${signal}, cleaning up\n`);
        void cleanup().then(() => process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const agentType = work.kind === 'code' ? work.language : 'shell';
        const image = options.image ?? manager.options.images[agentType] ?? manager.options.images.default;
        if (image !== undefined) await pullIfNeeded(driver, image);
        const session = await manager.createSession({
          agentType,
          ...(options.image === undefined ? {} : { image: options.image }),
        });
        sessionId = session.id;
        let handle: ExecHandle;
        if (work.kind === 'code') {
          const runtime = LANGUAGE_RUNTIMES[work.language];
          const path = `berth-run.${runtime.extension}`;
          await manager.uploadFiles(session.id, [{ path, content: work.code, mode: 0o644 }]);
          handle = manager.execStream(session.id, { command: runtime.command(path) });
        } else {
          handle = manager.execStream(session.id, { command: work.command });
        }
        const stdout: string[] = [];
        const stderr: string[] = [];
        const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };
        handle.output$.subscribe((chunk) => {
          if (g.json === true) {
            (chunk.stream === 'stdout' ? stdout : stderr).push(
              decoder[chunk.stream].decode(chunk.data, { stream: true }),
            );
          } else {
            (chunk.stream === 'stdout' ? process.stdout : process.stderr).write(chunk.data);
          }
        });
        const result = await handle.exit;
        reportRun(
          session.id,
          {
            exitCode: result.exitCode,
            stdout: stdout.join('') + decoder.stdout.decode(),
            stderr: stderr.join('') + decoder.stderr.decode(),
            durationMs: result.durationMs,
            timedOut: result.timedOut,
          },
          g.json === true,
        );
      } finally {
        await cleanup();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

async function parseWork(args: string[], options: RunOptions, dashDash: boolean): Promise<Work> {
  if (options.code !== undefined) {
    if (args.length > 0) throw new CliExit(EXIT.usage, 'give either -c CODE, a FILE or -- CMD..., not several');
    return { kind: 'code', language: options.lang ?? 'python', code: options.code };
  }
  if (dashDash) {
    if (options.lang !== undefined)
      throw new CliExit(EXIT.usage, '--lang applies to -c CODE or a FILE, not to -- CMD...');
    if (args.length === 0) throw new CliExit(EXIT.usage, 'nothing to run after --');
    return { kind: 'command', command: args };
  }
  if (args.length === 1 && args[0] !== undefined) {
    const file = args[0];
    const language = options.lang ?? BY_EXTENSION[extname(file)];
    if (language === undefined) {
      throw new CliExit(EXIT.usage, `cannot tell the language of ${file}; pass --lang python|javascript|bash`);
    }
    const code = await readFile(file, 'utf8').catch(() => {
      throw new CliExit(EXIT.notFound, `cannot read ${file}`);
    });
    return { kind: 'code', language, code };
  }
  if (args.length > 1) throw new CliExit(EXIT.usage, 'to run a command, put it after --: berth run -- CMD ARGS...');
  throw new CliExit(EXIT.usage, 'nothing to run: give -c CODE, a FILE or -- CMD...');
}

async function pullIfNeeded(driver: ContainerDriver, image: string): Promise<void> {
  if (!driver.capabilities.images || driver.pullImage === undefined) return;
  const bar = new PullProgressBar();
  let pulled = false;
  await driver.pullImage(image, {
    policy: 'missing',
    onProgress: (p) => {
      pulled = true;
      bar.update(p);
    },
  });
  if (pulled) bar.done(image);
}
