#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UserError } from '../errors.js';
import { describeFailure } from './failure.js';
import { inspectCommand } from './commands/inspect.js';
import { generateCommand } from './commands/generate.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('deepsphere')
    .description('Unsupervised anomaly discovery in dynamic networks (DeepSphere, IJCAI 2018)')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(inspectCommand())
    .addCommand(generateCommand());
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (process.env.DEEPSPHERE_DEBUG) console.error(error);
    process.stderr.write(`deepsphere: ${describeFailure(error)}\n`);
    process.exitCode = error instanceof UserError ? error.exitCode : 1;
  }
}

await main();
