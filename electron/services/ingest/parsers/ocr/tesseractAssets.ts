// Where tesseract.js's worker script, its WebAssembly core and the English model sit in the installed packages; plain Node.
import { createRequire } from 'node:module';
import path from 'node:path';

// [Note: OCR offline] tesseract.js fetches its language data from a CDN unless `langPath` is a local folder, and its
// browser build fetches the core too. Under Node the core is `require`d from tesseract.js-core, and the model is read
// from @tesseract.js-data/eng's folder (the LSTM "best_int" model, gzipped); `cacheMethod: 'none'` keeps it from
// writing a copy into the working directory. Nothing is fetched at run time (the OCR test runs without a network).
export interface TesseractAssets {
  /** The Node worker script of tesseract.js. */
  workerPath: string;
  /** The tesseract.js-core package folder (Node requires the core from it by name). */
  corePath: string;
  /** Folder holding eng.traineddata.gz. */
  langPath: string;
}

let cached: TesseractAssets | null = null;

export function tesseractAssets(): TesseractAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));
  cached = {
    workerPath: path.join(packageDir('tesseract.js'), 'src', 'worker-script', 'node', 'index.js'),
    corePath: packageDir('tesseract.js-core'),
    langPath: path.join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int'),
  };
  return cached;
}
