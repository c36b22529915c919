#!/usr/bin/env node
// `npm start`: launches the desktop app, or explains exactly what is missing when Electron's binary is not installed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return { missing: 'the `electron` package is not installed (run the install command in the README)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { missing: `Electron's binary was never downloaded (${path.relative(root, pathFile)} is absent)`, pkgDir };
  const binary = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return { missing: `Electron's binary is missing at ${binary}`, pkgDir };
  return { binary };
}

const found = electronBinary();
if (!found.binary) {
  process.stderr.write(
    [
      '',
      `Loci cannot start the desktop app: ${found.missing}.`,
      '',
      'Electron downloads its binary in a separate install step, which needs access to its download host:',
      '  npm run setup:electron        (runs node_modules/electron/install.js)',
      'On a machine without that access, use the same app in your browser instead:',
      '  npm run serve                 (prints a http://127.0.0.1 URL with an access token)',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(found.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
