// The export service (main process, plain Node): finds the stored conversation or comparison and hands it to the
// pure exporters. Used by the `export.*` contract methods and by `loci export`.
import type { ExportFile, ExportFormat } from '../../../shared/contract/export';
import type { ConversationStore } from '../chat/conversationStore';
import type { CompareService } from '../compare/compareService';
import type { LibraryService } from '../library/libraryService';
import { exportComparison } from './comparisonExport';
import { exportConversation } from './conversationExport';

export interface ExportService {
  conversation(id: string, format: ExportFormat): Promise<ExportFile>;
  comparison(id: string, format: ExportFormat): ExportFile;
}

export function createExportService(deps: { conversations: ConversationStore; compare: CompareService; library: LibraryService; now?: () => number }): ExportService {
  const now = deps.now ?? Date.now;
  return {
    async conversation(id, format) {
      const { conversation, messages } = deps.conversations.get(id);
      // a removed collection leaves the conversation exportable, without its name
      const collectionName = (await deps.library.collections().catch(() => [])).find((c) => c.id === conversation.collectionId)?.name ?? null;
      return exportConversation({ conversation, messages, collectionName, format, exportedAt: new Date(now()) });
    },
    comparison(id, format) {
      return exportComparison(deps.compare.get(id), format, new Date(now()));
    },
  };
}
