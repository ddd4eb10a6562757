import { Command } from 'commander';

// Placeholder until the 'generate' command lands (being written now).
export function generateCommand(): Command {
  return new Command('generate').description('(not yet available)');
}
