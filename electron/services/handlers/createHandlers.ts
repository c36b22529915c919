// Binds the contract to the services: one handler per method and stream, checked against the contract by type.
import os from 'node:os';
import { AppError, modelKey, type AppContract } from '../../../shared/contract';
import type { Handlers } from '../../../shared/rpc/server';
import type { Services } from '../createServices';
import { withChatFeedback } from '../feedback/leaderboardFeedback';
import { measured } from '../metrics/measured';

export function createHandlers(services: Services): Handlers<AppContract> {
  const { settings, ollama, ollamaMonitor, engines, library, grants, conversations, templates, promptLibrary, workspaces, chat, metrics, compare, sources, feedback, exports, deps } = services;
  return {
    methods: {
      'app.info': () => ({ name: 'Loci', version: deps.appVersion, dataDir: deps.dataDir, platform: os.platform(), capabilities: services.capabilities }),
      'settings.get': () => settings.get(),
      'resilience.breakers': () => ({ breakers: services.resilience.breakers.states() }),
      'resilience.budget': () => services.resilience.budget(),
      'resilience.resetBreaker': ({ key }) => {
        if (!services.resilience.breakers.reset(key)) throw new AppError('NOT_FOUND', 'That breaker is already closed');
        return { key };
      },
      'settings.update': (patch) => settings.update(patch),
      'settings.reset': () => settings.reset(),
      'ollama.status': ({ refresh }) => (refresh || ollamaMonitor.current().state === 'checking' ? ollamaMonitor.refresh() : ollamaMonitor.current()),
      'ollama.testUrl': ({ url }) => ollama.probe(url),
      'models.list': (_input, { signal }) => engines.listAll(signal),
      'models.running': async () => ({ models: await engines.loadedAll() }),
      'models.delete': async (ref) => {
        await engines.get(ref.engine).removeModel(ref.name);
        return { key: modelKey(ref) };
      },
      'models.show': (ref) => engines.get(ref.engine).modelDetails(ref.name),
      'models.unload': async (ref) => {
        await engines.get(ref.engine).unloadModel(ref.name);
        return { key: modelKey(ref) };
      },
      'models.addFile': async ({ source }) => {
        let name: string;
        if (source.kind === 'upload') {
          const upload = library.takeUpload(source.uploadId);
          name = await engines.get('builtin').addModel({ kind: 'file', path: upload.path, origin: 'added', displayName: upload.name });
        } else {
          if (!deps.desktop) throw new AppError('UNSUPPORTED', 'The file dialog is only available in the desktop app; drop or upload the file instead');
          // the path comes from main's own dialog, never from the page
          const picked = await deps.desktop.pickModelFile();
          if (picked === null) return { model: null };
          name = await engines.get('builtin').addModel({ kind: 'file', path: picked, origin: 'linked' });
        }
        const model = (await engines.get('builtin').listModels()).find((m) => m.name === name) ?? null;
        return { model };
      },
      'library.collections': async () => ({ collections: await library.collections() }),
      'library.createCollection': ({ name }) => library.createCollection(name),
      'library.renameCollection': ({ id, name }) => library.renameCollection(id, name),
      'library.deleteCollection': async ({ id }) => {
        await library.deleteCollection(id);
        workspaces.remove(id);
        return { id };
      },
      'library.calibration': async ({ collectionId }) => ({ calibration: await library.calibration(collectionId) }),
      'library.calibrate': async ({ collectionId }, { signal }) => ({ calibration: await library.calibrate(collectionId, signal) }),
      'library.documents': async ({ collectionId, window }) => {
        if (window) return library.documentWindow(collectionId, window);
        const documents = await library.documents(collectionId);
        return { documents, total: documents.length };
      },
      'library.documentIds': async ({ collectionId, filter, sort }) => ({ ids: await library.documentIds(collectionId, filter, sort) }),
      'library.removeDocuments': async ({ ids }) => ({ removed: await library.removeDocuments(ids) }),
      'library.reveal': async ({ documentId }) => {
        await library.reveal(documentId);
        return { ok: true as const };
      },
      'library.open': async ({ documentId }) => {
        await library.open(documentId);
        return { ok: true as const };
      },
      // main registers what its own dialog returned; the renderer only ever sees the grant ids
      'library.pickSources': async ({ kind }) => ({ grants: grants.grantChosen(await library.pickPaths(kind)) }),
      'library.grantAllowedPath': ({ path }) => grants.grantAllowed(path),
      'library.search': (input, { signal }) => library.search(input, signal),
      'library.documentText': ({ documentId }) => library.documentText(documentId),
      'library.embedderStatus': ({ refresh }) => library.embedderStatus(refresh),
      'uploads.begin': ({ name, size }) => library.beginUpload(name, size),
      'uploads.append': ({ uploadId, data }) => ({ received: library.appendUpload(uploadId, data) }),
      'chat.conversations': () => ({ conversations: conversations.list() }),
      'chat.conversation': ({ id }) => conversations.get(id),
      'chat.create': async ({ collectionId, model, title }) => {
        if (!(await library.database()).hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
        return conversations.create({ title: title ?? 'New conversation', collectionId, model, temperature: null, contextLength: null });
      },
      'chat.update': async ({ id, patch }) => {
        if (patch.collectionId && !(await library.database()).hasCollection(patch.collectionId)) throw new AppError('NOT_FOUND', 'No such collection');
        const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        return conversations.update(id, clean);
      },
      'chat.delete': ({ id }) => {
        conversations.delete(id);
        return { id };
      },
      'chat.deleteMany': ({ ids }) => {
        const known = new Set(conversations.list().map((c) => c.id));
        const deleted = [...new Set(ids)].filter((id) => known.has(id));
        for (const id of deleted) conversations.delete(id);
        return { ids: deleted };
      },
      'chat.search': ({ query }) => ({ matches: conversations.search(query) }),
      'chat.promptTemplates': () => ({ templates: templates.list() }),
      'chat.feedback': (input) => feedback.setFeedback(input),
      'prompts.list': () => ({ builtIn: templates.builtIns(), user: promptLibrary.list() }),
      'prompts.read': ({ ref }) => templates.read(ref),
      'prompts.create': ({ name, description, basedOn, body }) => {
        // the contract guarantees text or a base; a base is recorded as the exact version copied
        const base = basedOn === null ? null : templates.read(basedOn);
        return promptLibrary.create({ name, description, basedOn: base ? `${base.id}@${base.version}` : null, body: body ?? base!.body });
      },
      'prompts.saveVersion': (input) => promptLibrary.saveVersion(input),
      'prompts.activate': ({ id, version }) => promptLibrary.activate(id, version),
      'prompts.rename': ({ id, name, description }) => promptLibrary.rename(id, name, description),
      'prompts.diff': ({ id, version }) => promptLibrary.diff(id, version),
      'prompts.delete': ({ id }) => {
        promptLibrary.delete(id);
        return { id };
      },
      'workspaces.get': ({ collectionId }) => workspaces.get(collectionId),
      'workspaces.update': ({ collectionId, patch }) => workspaces.update(collectionId, patch),
      'metrics.summary': ({ range }) => metrics.summary(range),
      'metrics.quality': ({ range, groupBy, bucket }) => metrics.quality(range, groupBy, bucket),
      'metrics.events': ({ range, kind, limit }) => metrics.events(range, kind, limit),
      'metrics.export': ({ range, format }) => metrics.exportRange(range, format),
      'metrics.clear': () => ({ cleared: metrics.clear() }),
      'compare.list': () => ({ comparisons: compare.list() }),
      'compare.get': ({ id }) => compare.get(id),
      'compare.thread': ({ id }) => ({ comparisons: compare.thread(id) }),
      'compare.setWinner': ({ id, column }) => compare.setWinner(id, column),
      'compare.rate': ({ id, column, rating }) => compare.rate(id, column, rating),
      'compare.delete': ({ id }) => {
        compare.delete(id);
        return { id };
      },
      'compare.leaderboard': () => ({ entries: withChatFeedback(compare.leaderboard(), metrics.events('all', 'feedback', 100_000).events) }),
      'export.conversation': ({ id, format }) => exports.conversation(id, format),
      'export.comparison': ({ id, format }) => exports.comparison(id, format),
      'sources.list': async ({ collectionId }) => ({ sources: await sources.list(collectionId) }),
      'sources.add': ({ collectionId, grantId }) => sources.add(collectionId, grantId),
      'sources.pause': ({ id }) => sources.pause(id),
      'sources.resume': ({ id }) => sources.resume(id),
      'sources.rescan': ({ id }) => sources.rescan(id),
      'sources.cancelJob': ({ jobId }) => ({ cancelled: sources.cancelJob(jobId) }),
      'sources.remove': async ({ id, removeDocuments }) => {
        await sources.remove(id, removeDocuments);
        return { id };
      },
    },
    streams: {
      'models.pull': async ({ name }, { signal, emit }) => {
        await measured(metrics, { kind: 'pull', model: modelKey({ engine: 'ollama', name }) }, () => engines.get('ollama').addModel({ kind: 'pull', name, signal, onProgress: emit }));
        return { name };
      },
      'library.import': (input, { signal, emit }) => {
        const running = library.import(input, { signal, emit });
        // [Note: folder sources] an imported folder is remembered as a source of its collection and watched after
        for (const s of input.sources) {
          if (s.kind !== 'grant') continue;
          const grant = (() => {
            try {
              return grants.resolve(s.grantId);
            } catch {
              return null; // the import itself refuses it
            }
          })();
          if (grant) sources.adoptImported(input.collectionId, grant, running);
        }
        return running;
      },
      'chat.send': async (input, { signal, emit }) => {
        // a regenerate is a weak negative for the answer it replaces ("Answer fresh" on a cached answer is not)
        if (input.regenerateMessageId && !input.fresh) feedback.recordRegenerate(input.conversationId, input.regenerateMessageId);
        return { message: await chat.send(input, { signal, emit }) };
      },
      'compare.run': (input, { signal, emit }) => compare.run(input, { signal, emit }),
    },
  };
}
