// App identity and capabilities: what this host can do (the renderer asks instead of guessing its transport).
import { z } from 'zod';
import { defineMethod } from './define';

export const AppCapabilitiesSchema = z.object({
  /** Can show a file in the OS file manager (desktop only). */
  revealInFileManager: z.boolean(),
  /** Can open a document's source file in its default app (desktop only). */
  openFiles: z.boolean(),
  /** Can open native file and folder pickers that return paths (desktop only). */
  nativeFileDialog: z.boolean(),
  /** The serve host was started with --allow-dir: files and folders inside those folders can be imported by path. */
  hostFolders: z.boolean(),
});
export type AppCapabilities = z.infer<typeof AppCapabilitiesSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where this instance keeps its data (settings, index, history, metrics). */
  dataDir: z.string(),
  /** Node's process.platform of the host. */
  platform: z.string(),
  capabilities: AppCapabilitiesSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const appInfoContract = {
  methods: {
    /** Name, version, data directory and capabilities of the running host. */
    'app.info': defineMethod({ input: z.object({}).strict().default({}), output: AppInfoSchema }),
  },
} as const;
