#!/usr/bin/env node
import { isBerthError } from '@berth/core';
import { CommanderError } from 'commander';
import { exitQuietlyWhenPipeCloses } from './closed-pipe.js';
import { CliExit, EXIT, exitCodeFor } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Runs the CLI and sets the process exit code. */
async function main(argv: string[]): Promise<void> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; every other parse error is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (err instanceof CliExit) {
      if (err.message !== '') process.stderr.write(`berth: ${err.message}\n`);
      process.exitCode = err.code;
      return;
    }
    const json = program.opts<{ json?: boolean }>().json === true;
    if (json && isBerthError(err)) {
      process.stdout.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      const code = isBerthError(err) ? ` [${err.code}]` : '';
      process.stderr.write(`berth: ${message}${code}\n`);
    }
    process.exitCode = exitCodeFor(err);
  }
}

exitQuietlyWhenPipeCloses();
void main(process.argv);
