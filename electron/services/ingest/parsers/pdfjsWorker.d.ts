// Types for the pdf.js worker module, which pdfjs-dist ships without declarations (see [Note: pdf.js under Node] in pdf.ts).
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
