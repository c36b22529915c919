// Export: a conversation or a comparison as a Markdown document (answers with numbered sources and grounding marks)
// or as JSON (the stored record, in the schema below). Runs anywhere (shared by renderer, main and the CLI).
import { z } from 'zod';
import { ChatMessageSchema, ConversationSchema } from './chat';
import { ComparisonSchema } from './compare';
import { defineMethod } from './define';

const Id = z.string().min(1).max(100);

export const ExportFormatSchema = z.enum(['md', 'json']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** A file for the user to save (a download in serve mode, a save dialog on the desktop). */
export const ExportFileSchema = z.object({ filename: z.string(), mimeType: z.string(), content: z.string() });
export type ExportFile = z.infer<typeof ExportFileSchema>;

/** What a JSON export of a conversation holds: the stored conversation and its messages. */
export const ConversationExportSchema = z.object({
  format: z.literal('loci.conversation'),
  version: z.literal(1),
  exportedAt: z.string(),
  collectionName: z.string().nullable(),
  conversation: ConversationSchema,
  messages: z.array(ChatMessageSchema),
});
export type ConversationExport = z.infer<typeof ConversationExportSchema>;

/** What a JSON export of a comparison holds: the stored comparison. */
export const ComparisonExportSchema = z.object({
  format: z.literal('loci.comparison'),
  version: z.literal(1),
  exportedAt: z.string(),
  comparison: ComparisonSchema,
});
export type ComparisonExport = z.infer<typeof ComparisonExportSchema>;

export const exportContract = {
  methods: {
    /** A conversation as Markdown or JSON. NOT_FOUND when it no longer exists. */
    'export.conversation': defineMethod({ input: z.object({ id: Id, format: ExportFormatSchema }).strict(), output: ExportFileSchema }),
    /** A comparison as Markdown or JSON. NOT_FOUND when it no longer exists. */
    'export.comparison': defineMethod({ input: z.object({ id: Id, format: ExportFormatSchema }).strict(), output: ExportFileSchema }),
  },
} as const;
