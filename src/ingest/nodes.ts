import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** `--nodes`: every node, the K most active, or the names listed in a file (in file order). */
export type NodeSpec = { kind: 'all' } | { kind: 'top'; k: number } | { kind: 'list'; names: string[] };

/** The pooled node's name under `--other pool`. */
export const OTHER_NODE = 'other';

/** Parses `top:K`, `all`, or a path to a file with one node name per line (blank lines ignored). */
export function parseNodeSpec(text: string | undefined): NodeSpec {
  if (text === undefined || text === 'all') return { kind: 'all' };
  const top = /^top:(.*)$/.exec(text);
  if (top) {
    const k = Number(top[1]);
    if (!Number.isInteger(k) || k < 1) throw new UserError(`--nodes: expected top:K with K a positive integer, got '${text}'`);
    return { kind: 'top', k };
  }
  let content: string;
  try {
    content = readFileSync(text, 'utf8');
  } catch {
    throw new UserError(`--nodes: '${text}' is neither top:K, all, nor a readable file of node names`);
  }
  const names: string[] = [];
  const seen = new Set<string>();
  content.split(/\r?\n/).forEach((line, index) => {
    const name = line.trim();
    if (name === '') return;
    if (seen.has(name)) throw new UserError(`${text}: line ${index + 1}: node '${name}' listed twice`);
    seen.add(name);
    names.push(name);
  });
  if (names.length === 0) throw new UserError(`${text}: no node names (expected one per line)`);
  return { kind: 'list', names };
}

/** Node names by descending activity, ties by name, so the order (and top-K) is deterministic. */
export function rankByActivity(activity: Map<string, number>): string[] {
  return [...activity.keys()].sort((a, b) => activity.get(b)! - activity.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

/** The selected nodes, in output order: ranked for all/top-K, file order for a list. */
export function selectNodes(spec: NodeSpec, activity: Map<string, number>): string[] {
  if (spec.kind === 'list') return spec.names;
  const ranked = rankByActivity(activity);
  return spec.kind === 'top' ? ranked.slice(0, spec.k) : ranked;
}

/** Where each endpoint goes in the tensor: its index, the pooled node, or -1 (edge dropped). */
export interface NodeLayout {
  names: string[];
  indexOf(name: string): number;
}

/**
 * `--other drop` leaves edges touching an unselected node out; `--other pool` sends such endpoints
 * to one extra last node named "other" (an edge between two unselected nodes lands on other->other).
 */
export function nodeLayout(selected: string[], other: 'drop' | 'pool'): NodeLayout {
  const index = new Map(selected.map((name, k) => [name, k]));
  if (other === 'drop') return { names: selected, indexOf: (name) => index.get(name) ?? -1 };
  if (index.has(OTHER_NODE)) {
    throw new UserError(`--other pool: a selected node is already named '${OTHER_NODE}'; rename it or use --other drop`);
  }
  const pooled = selected.length;
  return { names: [...selected, OTHER_NODE], indexOf: (name) => index.get(name) ?? pooled };
}
