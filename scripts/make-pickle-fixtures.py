#!/usr/bin/python3
"""Writes test/fixtures/pickles/: small pickles and .npy files made by CPython + numpy, with the
values they hold as JSON beside them, so the TypeScript reader is checked against the real thing
without needing Python at test time.

Regenerate with Debian's interpreter (it has numpy):  /usr/bin/python3 scripts/make-pickle-fixtures.py
The cases8-* files need /work/shared/data/test.pkl (the example data set); pass another path as argv[1].
Nothing here is ever unpickled from an untrusted source: evil-reduce.pkl is only dumped, never loaded.
"""
import json
import math
import os
import pickle
import sys
import types

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'pickles')
EXAMPLE = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/test.pkl'
PROTOCOLS = (2, 3, 4, 5)


def dump(name, value, protocol):
    with open(os.path.join(OUT, name), 'wb') as f:
        pickle.dump(value, f, protocol=protocol)


def write_json(name, value):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(value, f, indent=1, allow_nan=False)
        f.write('\n')


def flat(array):
    """Elements in C order as JSON numbers (bools as 0/1)."""
    return [float(x) for x in np.asarray(array).astype(np.float64).ravel(order='C')]


def tag(v):
    """JSON form of a plain value; src/io/pickle/reader.test.ts normalizes its result the same way."""
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        v = int(v)
    if isinstance(v, np.floating):
        v = float(v)
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 - 1 else {'$int': str(v)}
    if isinstance(v, float):
        return v if math.isfinite(v) else {'$float': repr(v)}
    if isinstance(v, (bytes, bytearray)):
        return {'$bytes': bytes(v).hex()}
    if isinstance(v, tuple):
        return {'$tuple': [tag(x) for x in v]}
    if isinstance(v, list):
        return [tag(x) for x in v]
    if isinstance(v, dict):
        return {'$dict': [[tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def arrays():
    """Every supported dtype in both byte orders and both memory orders, plus odd shapes."""
    base = np.arange(24).reshape(2, 3, 4)
    sources = {
        'f4': (base - 7.25) * 1.5,
        'f8': (base - 7.25) / 3.0,
        'i4': base * 1000 - 5000,
        'i8': base * 3_000_000_000 - 10,
        'i1': base - 12,
        'u1': base * 10,
        'b1': base % 3 == 0,
    }
    out = {}
    for code, values in sources.items():
        orders = '<>' if code[1] != '1' else '|'
        for order in orders:
            typed = values.astype((order if order != '|' else '') + code)
            out[f'{code}{order}C'] = np.ascontiguousarray(typed)
            out[f'{code}{order}F'] = np.asfortranarray(typed)
    out['f8-strided'] = sources['f8'][:, ::2, 1:]  # neither C nor F contiguous
    out['f4-0d'] = np.array(2.5, dtype='<f4')
    out['f8-empty'] = np.zeros((0, 3), dtype='<f8')
    out['i8-1d'] = np.array([-(2**40), 0, 2**40], dtype='<i8')
    return out


def plain_values():
    shared = [1, 2]
    return {
        'ints': [0, 255, 256, 65535, 65536, -1, 2**31 - 1, -(2**31), 2**31, 2**53 - 1, 2**53 + 1, 2**64, -(2**70), 2**2100],
        'floats': [0.5, -1e300, 1.0, float('inf'), float('-inf'), float('nan')],
        'strs': ['', 'ascii', 'héllo wörld', '🙂', 'x' * 300],
        'bytes': [b'', b'\x00\xff', bytes(range(256)) + b'!' * 44, bytearray(b'xy'), bytearray()],
        'tuples': [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        'nested': [[[], {}], {'k': [None, True, False]}],
        'long_list': list(range(2500)),
        'int_keys': {1: 'a', 2: 'b', -3: 'c'},
        'shared': {'a': shared, 'b': shared},
        'np_scalars': [np.float64(1.5), np.float32(0.25), np.int64(-3), np.int64(2**60), np.int32(7),
                       np.uint8(200), np.int8(-5), np.bool_(True), np.bool_(False)],
    }


def small_dataset(rng, dtype='<f4', fortran=False):
    data = rng.random((4, 3, 3, 3)).astype(np.float32).astype(dtype)
    return np.asfortranarray(data) if fortran else data


def diff_record(t, i, j, value):
    return {'coord': (np.array(t, dtype=np.int64), np.array(i, dtype=np.int64), np.array(j, dtype=np.int64)),
            'value': value}


def datasets():
    """(file, protocol, pickled dict, load options, expected dataset) for each label / diff style."""
    rng = np.random.default_rng(7)
    out = []

    def add(name, protocol, content, expected_labels, cells, options=None, meta=None):
        data = content['data']
        expected = {'shape': list(data.shape), 'dtype': data.dtype.name, 'data': flat(data),
                    'labels': expected_labels, 'diff': cells, **(meta or {})}
        out.append((name, protocol, content, options or {}, expected))

    rec = diff_record([0, 2], [1, 2], [2, 0], np.array([0.5, -1.25]))
    cells = [[1, 0, 1, 2, 0.5], [1, 2, 2, 0, -1.25]]
    add('ds-labels-int.pkl', 4,
        {'data': small_dataset(rng), 'label': [0, 1, 0, 0], 'diff': [{}, rec, {}, {}]}, [0, 1, 0, 0], cells)
    add('ds-labels-bool.pkl', 2,
        {'data': small_dataset(rng, '<f8'), 'label': [True, False, False, True], 'diff': [rec, {}, {}, {}]},
        [1, 0, 0, 1], [[0, 0, 1, 2, 0.5], [0, 2, 2, 0, -1.25]])
    add('ds-labels-npbool.pkl', 5,
        {'data': small_dataset(rng), 'label': np.array([False, False, True, True]), 'diff': [{}, {}, rec, rec]},
        [0, 0, 1, 1], [[2, 0, 1, 2, 0.5], [2, 2, 2, 0, -1.25], [3, 0, 1, 2, 0.5], [3, 2, 2, 0, -1.25]])
    add('ds-labels-npscalars-diffdict.pkl', 3,
        {'data': small_dataset(rng), 'label': [np.int64(1), np.int64(0), np.int64(0), np.int64(1)],
         'diff': {3: rec, 0: diff_record([1], [0], [0], np.array([2.0]))}},
        [1, 0, 0, 1], [[0, 1, 0, 0, 2.0], [3, 0, 1, 2, 0.5], [3, 2, 2, 0, -1.25]])
    add('ds-one-means-normal.pkl', 4,
        {'data': small_dataset(rng), 'label': [1, 1, 0, 1]}, [0, 0, 1, 0], None, {'labelsOneMeansNormal': True})
    add('ds-fortran-bigendian-meta.pkl', 4,
        {'data': small_dataset(rng, '>f8', fortran=True), 'label': np.array([0, 1, 1, 0], dtype=np.int64),
         'diff': [None, diff_record([0, 1, 2], [0, 0, 0], [1, 1, 1], np.float64(0.75)), {}, {}],
         'nodes': ['a', 'b', 'c'], 'times': ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z',
                                             '2024-01-01T02:00:00Z', '2024-01-01T03:00:00Z'],
         'step_seconds': 1200.0},
        [0, 1, 1, 0], [[1, 0, 0, 1, 0.75], [1, 1, 0, 1, 0.75], [1, 2, 0, 1, 0.75]], None,
        {'nodeNames': ['a', 'b', 'c'], 'caseTimes': ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z',
                                                      '2024-01-01T02:00:00Z', '2024-01-01T03:00:00Z'],
         'stepSeconds': 1200.0})
    return out


class Evil:
    """Pickles as a call to os.system; dumping it runs nothing, loading it would."""

    def __reduce__(self):
        return (os.system, ('echo pwned',))


def numpy2_pickles():
    """Pickles naming numpy 2's modules (numpy._core...), made with numpy 1.x: stand-in modules hold
    functions under numpy 2's names, and a reducer_override routes arrays and scalars through them.
    Only the names differ from what numpy 2 writes; the arguments are numpy's own."""
    def stand_in(module, name):
        def fn(*args):
            raise AssertionError('stand-in, never called')
        fn.__module__, fn.__qualname__, fn.__name__ = module, name, name
        for prefix in ('numpy._core', module):
            sys.modules.setdefault(prefix, types.ModuleType(prefix))
        setattr(sys.modules[module], name, fn)
        return fn

    renamed = {
        '_reconstruct': stand_in('numpy._core.multiarray', '_reconstruct'),
        'scalar': stand_in('numpy._core.multiarray', 'scalar'),
        '_frombuffer': stand_in('numpy._core.numeric', '_frombuffer'),
    }

    class Numpy2Pickler(pickle.Pickler):
        def __init__(self, file, protocol):
            super().__init__(file, protocol=protocol)
            self.protocol = protocol  # the C pickler does not expose it

        def reducer_override(self, obj):
            if not isinstance(obj, (np.ndarray, np.generic)):
                return NotImplemented
            reduced = obj.__reduce_ex__(self.protocol)
            return (renamed[reduced[0].__name__], *reduced[1:])

    values = {'f8C': np.arange(6, dtype='<f8').reshape(2, 3) / 4, 'f4F': np.asfortranarray(
        np.arange(6, dtype='>f4').reshape(2, 3)), 'scalar': np.float64(1.5), 'int': np.int64(-3)}
    for protocol in (4, 5):
        with open(os.path.join(OUT, f'numpy2-p{protocol}.pkl'), 'wb') as f:
            Numpy2Pickler(f, protocol=protocol).dump(values)
    write_json('numpy2.json', {'f8C': flat(values['f8C']), 'f4F': flat(values['f4F']), 'scalar': 1.5, 'int': -3})


def example_cases():
    """The first 8 cases of the example data set, as written by the original pipeline (p3 f32) and as p4 f64."""
    with open(EXAMPLE, 'rb') as f:
        full = pickle.load(f)
    cases = {'data': np.ascontiguousarray(full['data'][:8]), 'label': list(full['label'][:8]),
             'diff': list(full['diff'][:8])}
    dump('cases8-p3-f32.pkl', {**cases, 'data': cases['data'].astype(np.float32)}, 3)
    dump('cases8-p4-f64.pkl', {**cases, 'data': cases['data'].astype(np.float64)}, 4)
    data = cases['data'].astype(np.float32).astype(np.float64)
    rng = np.random.default_rng(1)
    picks = sorted(rng.choice(data.size, 40, replace=False).tolist())
    cells = [[c, int(t), int(i), int(j), float(v)]
             for c, rec in enumerate(cases['diff']) if rec
             for t, i, j, v in zip(*rec['coord'], np.broadcast_to(rec['value'], rec['coord'][0].shape))]
    write_json('cases8.json', {
        'shape': list(data.shape), 'labels': [int(x) for x in cases['label']], 'diff': cells,
        'sum': float(data.sum()), 'sumSquares': float((data * data).sum()),
        'samples': [[k, float(data.ravel()[k])] for k in picks],
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    arrs = arrays()
    for protocol in PROTOCOLS:
        dump(f'arrays-p{protocol}.pkl', arrs, protocol)
        dump(f'values-p{protocol}.pkl', plain_values(), protocol)
    write_json('arrays.json', {name: {'dtype': a.dtype.name, 'shape': list(a.shape), 'values': flat(a)}
                               for name, a in arrs.items()})
    write_json('values.json', tag(plain_values()))

    expected = {}
    for name, protocol, content, options, exp in datasets():
        dump(name, content, protocol)
        expected[name] = {'protocol': protocol, 'options': options, **exp}
    write_json('datasets.json', expected)

    with open(os.path.join(OUT, 'evil-reduce.pkl'), 'wb') as f:
        pickle.dump(Evil(), f, protocol=2)

    np.save(os.path.join(OUT, 'f4-fortran.npy'), arrs['f4<F'])
    np.save(os.path.join(OUT, 'f8-bigendian.npy'), arrs['f8>C'])
    with open(os.path.join(OUT, 'i8-v2.npy'), 'wb') as f:
        np.lib.format.write_array(f, arrs['i8<C'], version=(2, 0))

    numpy2_pickles()
    example_cases()


if __name__ == '__main__':
    main()
