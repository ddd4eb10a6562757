#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UserError } from '../errors.js';
import { describeFailure } from './failure.js';
import { inspectCommand } from './commands/inspect.js';
import { generateCommand } from './commands/generate.js';
import { ingestCommand } from './commands/ingest.js';
import { injectCommand } from './commands/inject.js';
import { trainCommand } from './commands/train.js';
import { detectCommand } from './commands/detect.js';
import { evaluateCommand } from './commands/evaluate.js';
import { demoCommand } from './commands/demo.js';
import { baselineCommand } from './commands/baseline.js';
import { reportCommand } from './commands/report.js';

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
    .addCommand(demoCommand())
    .addCommand(trainCommand())
    .addCommand(detectCommand())
    .addCommand(evaluateCommand())
    .addCommand(reportCommand())
    .addCommand(baselineCommand())
    .addCommand(inspectCommand())
    .addCommand(generateCommand())
    .addCommand(ingestCommand())
    .addCommand(injectCommand());
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
