import { Option } from 'commander';
import { defaultMemoryBudget, parseMemorySize } from '../memory.js';

/** `--max-memory <size>` for the commands that train or score: refuse up front a run that would not fit. */
export function maxMemoryOption(): Option {
  return new Option('--max-memory <size>', 'refuse a run whose estimated working set exceeds this, e.g. 4G or 512M (default: 75% of RAM)');
}

/** The budget in bytes: the flag's, else 75% of RAM. */
export function maxMemoryBytes(text: string | undefined): number {
  return text === undefined ? defaultMemoryBudget() : parseMemorySize(text);
}
