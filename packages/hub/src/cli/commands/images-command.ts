import { resolve } from 'node:path';
import type { BuildContext, BuildProgress } from '@berth/core';
import { Command } from 'commander';
import { buildContextFromDir } from '../build-context-from-dir.js';
import type { GlobalOptions } from '../cli-context.js';
import { CliExit, EXIT } from '../exit-codes.js';
import { formatBytes, formatTable, printJson } from '../output.js';
import { withInterruptibleDriver } from '../with-interruptible-driver.js';

interface BuildOptions {
  tag: string[];
  file?: string;
  buildArg: string[];
  label: string[];
  target?: string;
  cache: boolean;
  pull?: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `KEY=VALUE` pairs into a record; a pair without `=` is a usage error naming the option. */
function pairs(values: readonly string[], option: string): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    if (at <= 0) throw new CliExit(EXIT.usage, `${option} expects KEY=VALUE, got "${v}"`);
    out[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

/** Writes build progress to stderr: steps as the engine says them, step output indented. */
function printProgress(p: BuildProgress): void {
  process.stderr.write(p.kind === 'step' ? `${p.text}\n` : `  ${p.text}\n`);
}

/** `berth images build|ls`: Dockerfile builds through the driver's `buildImage`, and the local image list. */
export function imagesCommand(globals: () => GlobalOptions): Command {
  // exitOverride before the subcommands are made, so they inherit it (parse errors and --help throw, as elsewhere)
  const images = new Command('images')
    .description('build and list images (drivers with images: docker)')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  images
    .command('build')
    .description('build an image from a Dockerfile and its context directory (or a tar archive on stdin: -)')
    .argument('[context]', 'context directory, or - to read a tar archive from stdin', '.')
    .option('-t, --tag <name:tag>', 'tag the image (repeatable)', collect, [])
    .option('-f, --file <path>', "the Dockerfile's path inside the context (default Dockerfile)")
    .option('--build-arg <KEY=VALUE>', 'set a build-time ARG (repeatable)', collect, [])
    .option('--label <KEY=VALUE>', 'label the image (repeatable)', collect, [])
    .option('--target <stage>', 'build up to this stage of a multi-stage Dockerfile')
    .option('--no-cache', 'do not use the build cache')
    .option('--pull', 'pull newer versions of FROM images')
    .option('-q, --quiet', 'print only the image id (no progress)')
    .addHelpText(
      'after',
      [
        '',
        'Progress (each Dockerfile step and its output) goes to stderr; the image id to stdout (--json: {"imageId","tags"}).',
        'Needs a driver that builds images (capability imageBuild): --driver docker. Files excluded by .dockerignore',
        'are not sent. A failing step exits 1 with the engine reason (with --json, the error on stdout carries the output so far).',
        '',
        'Examples:',
        '  berth --driver docker images build -t myorg/agent:dev .',
        '  tar -c -C ctx . | berth --driver docker images build -t app:1 -',
      ].join('\n'),
    )
    .action(async (context: string, options: BuildOptions) => {
      const g = globals();
      const buildArgs = pairs(options.buildArg, '--build-arg');
      const labels = pairs(options.label, '--label');
      const source: BuildContext =
        context === '-' ? (process.stdin as AsyncIterable<Uint8Array>) : await buildContextFromDir(resolve(context));
      await withInterruptibleDriver(g, async (driver) => {
        if (driver.capabilities.imageBuild !== true || driver.buildImage === undefined) {
          throw new CliExit(EXIT.usage, `the ${driver.name} driver cannot build images; use --driver docker`);
        }
        const result = await driver.buildImage({
          context: source,
          tags: options.tag,
          ...(options.file === undefined ? {} : { dockerfile: options.file }),
          ...(buildArgs === undefined ? {} : { buildArgs }),
          ...(labels === undefined ? {} : { labels }),
          ...(options.target === undefined ? {} : { target: options.target }),
          ...(options.cache === false ? { noCache: true } : {}),
          ...(options.pull === true ? { pull: true } : {}),
          ...(options.quiet === true || g.json === true ? {} : { onProgress: printProgress }),
        });
        if (g.json === true) printJson({ imageId: result.imageId, tags: result.tags });
        else process.stdout.write(`${result.imageId}\n`);
      });
    });
  images
    .command('ls')
    .description('list local images')
    .action(async () => {
      const g = globals();
      await withInterruptibleDriver(g, async (driver) => {
        if (driver.listImages === undefined) {
          throw new CliExit(EXIT.usage, `the ${driver.name} driver has no images; use --driver docker`);
        }
        const list = await driver.listImages();
        if (g.json === true) {
          printJson(list.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })));
          return;
        }
        const rows = list.map((i) => [i.tags.join(', ') || '<none>', i.id.slice(7, 19), formatBytes(i.sizeBytes)]);
        process.stdout.write(`${formatTable(['TAGS', 'IMAGE ID', 'SIZE'], rows)}\n`);
      });
    });
  return images;
}
