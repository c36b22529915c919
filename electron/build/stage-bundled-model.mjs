// Before `npm run dist`: checks the embedding model folder given in LOCI_BUNDLE_MODEL_DIR and stages the default
// embedder into build/bundled-models, which electron-builder ships as resources/models (extraResources). Plain Node.
// A packaged app with its model never needs the model hub: its default is "downloads off" (packagedDefaults.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// the default embedder and dtype (shared/contract/settings.ts DEFAULT_SETTINGS); q8 reads onnx/model_quantized.onnx
const MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];
const OPTIONAL = ['special_tokens_map.json', 'vocab.txt'];
const STAGE = path.join(root, 'build', 'bundled-models');

const fail = (message) => {
  process.stderr.write(`Cannot package: ${message}\n`);
  process.exit(1);
};

const dir = process.env.LOCI_BUNDLE_MODEL_DIR;
if (!dir) {
  fail(
    `set LOCI_BUNDLE_MODEL_DIR to a folder of embedding models in transformers.js layout holding ${MODEL_ID}\n` +
      `(${REQUIRED.map((f) => `<dir>/${MODEL_ID}/${f}`).join(', ')}), e.g.\n` +
      `  LOCI_BUNDLE_MODEL_DIR=~/models npm run dist`,
  );
}
const modelDir = path.join(path.resolve(dir), MODEL_ID);
if (!fs.existsSync(modelDir) || !fs.statSync(modelDir).isDirectory()) fail(`${modelDir} is not a folder (LOCI_BUNDLE_MODEL_DIR must hold <model id>/…)`);
const missing = REQUIRED.filter((f) => {
  const file = path.join(modelDir, f);
  return !fs.existsSync(file) || !fs.statSync(file).isFile() || fs.statSync(file).size === 0;
});
if (missing.length > 0) fail(`${modelDir} lacks ${missing.join(', ')}`);
for (const json of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
  try {
    JSON.parse(fs.readFileSync(path.join(modelDir, json), 'utf8'));
  } catch (error) {
    fail(`${path.join(modelDir, json)} is not valid JSON (${error.message})`);
  }
}

fs.rmSync(STAGE, { recursive: true, force: true });
const target = path.join(STAGE, MODEL_ID);
for (const f of [...REQUIRED, ...OPTIONAL]) {
  const from = path.join(modelDir, f);
  if (!fs.existsSync(from)) continue;
  fs.mkdirSync(path.dirname(path.join(target, f)), { recursive: true });
  fs.copyFileSync(from, path.join(target, f));
}
const bytes = REQUIRED.reduce((sum, f) => sum + fs.statSync(path.join(target, f)).size, 0);
process.stdout.write(`Bundling ${MODEL_ID} (${(bytes / 1e6).toFixed(1)} MB) from ${modelDir}\n`);
