// The last-resort handlers in a real child process: a stray rejection and a thrown timer are logged, the process lives on.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/testCore';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('last-resort handlers', () => {
  it('log an unhandled rejection and an uncaught exception, and the process keeps running', async () => {
    const dir = makeTempDir('loci-last-resort-');
    const script = path.join(dir, 'victim.ts');
    fs.writeFileSync(
      script,
      [
        `import { createLogger } from ${JSON.stringify(path.join(here, 'logger.ts'))};`,
        `import { installLastResortHandlers } from ${JSON.stringify(path.join(here, 'lastResort.ts'))};`,
        `installLastResortHandlers(createLogger({ logDir: ${JSON.stringify(dir)}, consoleLevel: 'silent' }));`,
        `void Promise.reject(new Error('stray rejection'));`,
        `setTimeout(() => { throw new Error('stray throw'); }, 10);`,
        `setTimeout(() => { process.stdout.write('still alive'); process.exit(0); }, 200);`,
      ].join('\n'),
    );
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(here, '../../..') }, (_error, out) => resolve({ stdout: out, code: child.exitCode }));
    });
    expect(stdout).toBe('still alive');
    expect(code).toBe(0);
    const log = fs.readFileSync(path.join(dir, 'loci.log'), 'utf8');
    expect(log).toContain('unhandled promise rejection (kept running)');
    expect(log).toContain('stray rejection');
    expect(log).toContain('uncaught exception (kept running)');
    expect(log).toContain('stray throw');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
