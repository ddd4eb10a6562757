import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../io/dataset-file.js';
import { generateDynamicNetworks } from './generate.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const PYTHON = '/usr/bin/python3';

function runCli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'deepsphere-generate-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('generate writes a pickle that loads back as the generated data set', () => {
  withTempDir((dir) => {
    const out = join(dir, 'synthetic.pkl');
    const result = runCli(['generate', '--out', out, '--cases', '50', '--seed', '3']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /50 cases x 10 steps x 20 nodes, 5 anomalous/);
    const expected = generateDynamicNetworks({ cases: 50, seed: 3 });
    const loaded = loadDataset(out);
    assert.deepEqual(loaded.shape, expected.shape);
    assert.deepEqual([...loaded.labels!], [...expected.labels!]);
    for (let k = 0; k < expected.data.length; k++) {
      if (loaded.data[k] !== expected.data[k]) assert.fail(`data[${k}]: ${loaded.data[k]} != ${expected.data[k]}`);
    }
    const diff = loaded.diff!;
    assert.equal(diff.value.length, expected.diff!.value.length);
    for (const key of ['caseIndex', 't', 'i', 'j', 'value'] as const) {
      assert.deepEqual([...diff[key]], [...expected.diff![key]], `diff.${key}`);
    }
  });
});

test('the pickle reads in CPython with the DeepSphere layout', { skip: !existsSync(PYTHON) && `${PYTHON} not found` }, () => {
  withTempDir((dir) => {
    const out = join(dir, 'synthetic.pkl');
    assert.equal(runCli(['generate', '--out', out, '--cases', '40', '--ratio', '0.25']).status, 0);
    const script = [
      'import pickle, sys',
      'd = pickle.load(open(sys.argv[1], "rb"))',
      'x = d["data"]',
      'assert x.shape == (40, 10, 20, 20), x.shape',
      'assert sum(d["label"]) == 10 and len(d["label"]) == 40',
      'assert len(d["diff"]) == 40',
      'for label, entry in zip(d["label"], d["diff"]):',
      '    assert (len(entry) > 0) == (label == 1)',
      '    if entry:',
      '        t, i, j = entry["coord"]',
      '        assert len(t) == len(entry["value"]) > 0 and (entry["value"] != 0).all()',
      'assert (x >= 0).all()',
      'print("ok")',
    ].join('\n');
    const result = spawnSync(PYTHON, ['-c', script, out], { encoding: 'utf8' });
    if (result.status !== 0 && /No module named .?numpy/.test(result.stderr)) return; // numpy absent: nothing to check with
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'ok');
  });
});

test('bad flags: one line on stderr naming the flag, non-zero exit, no file', () => {
  withTempDir((dir) => {
    const out = join(dir, 'bad.pkl');
    const cases: [string[], string][] = [
      [['--ratio', '2'], '--ratio'],
      [['--ratio', 'half'], '--ratio'],
      [['--cases', '-5'], '--cases'],
      [['--cases', ''], '--cases'],
      [['--nodes', '1'], '--nodes'],
      [['--communities', '30'], '--communities'],
      [['--kinds', 'burst,spike'], '--kinds'],
      [['--magnitude', '0'], '--magnitude'],
    ];
    for (const [args, flag] of cases) {
      const result = runCli(['generate', '--out', out, ...args]);
      assert.notEqual(result.status, 0, args.join(' '));
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
      assert.ok(lines[0].includes(flag), `${lines[0]} names ${flag}`);
      assert.equal(existsSync(out), false);
    }
    const missingOut = runCli(['generate', '--cases', '5']);
    assert.notEqual(missingOut.status, 0);
    assert.match(missingOut.stderr, /^deepsphere: --out: required[^\n]*\n$/);
  });
});
