// Copies the report page's browser files (plain JS and CSS, which tsc does not emit) next to the
// compiled report module, which reads them at run time: src/report/client -> dist/report/client.
import { cpSync } from 'node:fs';

cpSync(new URL('../src/report/client', import.meta.url), new URL('../dist/report/client', import.meta.url), { recursive: true });
