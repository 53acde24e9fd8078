// featurebase-identify/server type-checks in a project without @types/node: the packed package,
// extracted into a folder outside the repository (so no node_modules/@types above it), checked
// by tsc with `lib: ["ES2022", "DOM"]` and `skipLibCheck: false`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { TARBALL } from './prepare';

test('the packed types need no @types/node (lib ES2022 + DOM, skipLibCheck false)', () => {
  const project = mkdtempSync(join(tmpdir(), 'featurebase-types-'));
  try {
    cpSync(resolve('examples/test/types-fixture'), project, { recursive: true });
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, 'featurebase-identify'), { recursive: true });
    execFileSync('tar', ['xzf', resolve(TARBALL), '-C', join(modules, 'featurebase-identify'), '--strip-components=1']);
    cpSync(resolve('node_modules/valibot'), join(modules, 'valibot'), { recursive: true });
    expect(() => createRequire(join(project, 'worker.ts')).resolve('@types/node/package.json'), '@types/node must not be reachable').toThrow();

    const tsc = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
