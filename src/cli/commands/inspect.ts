import { Command } from 'commander';

// Placeholder until the 'inspect' command lands (being written now).
export function inspectCommand(): Command {
  return new Command('inspect').description('(not yet available)');
}
