// The one contract between renderer and main: every method, stream and event, composed from the domain files.
import type { Contract } from './define';
import { appInfoContract } from './app';
import { chatContract } from './chat';
import { compareContract } from './compare';
import { feedbackContract } from './feedback';
import { exportContract } from './export';
import { qualityContract } from './quality';
import { metricsContract } from './metrics';
import { libraryContract } from './library';
import { modelsContract } from './models';
import { ollamaContract } from './ollama';
import { settingsContract } from './settings';
import { sourcesContract } from './sources';
import { promptsContract } from './prompts';
import { workspacesContract } from './workspaces';
import { resilienceContract } from './resilience';

export const appContract = {
  methods: {
    ...appInfoContract.methods,
    ...settingsContract.methods,
    ...ollamaContract.methods,
    ...modelsContract.methods,
    ...libraryContract.methods,
    ...chatContract.methods,
    ...metricsContract.methods,
    ...compareContract.methods,
    ...sourcesContract.methods,
    ...feedbackContract.methods,
    ...exportContract.methods,
    ...qualityContract.methods,
    ...promptsContract.methods,
    ...workspacesContract.methods,
    ...resilienceContract.methods,
  },
  streams: {
    ...modelsContract.streams,
    ...libraryContract.streams,
    ...chatContract.streams,
    ...compareContract.streams,
  },
  events: {
    ...settingsContract.events,
    ...ollamaContract.events,
    ...modelsContract.events,
    ...libraryContract.events,
    ...metricsContract.events,
    ...sourcesContract.events,
    ...resilienceContract.events,
  },
} as const satisfies Contract;

export type AppContract = typeof appContract;

export * from './define';
export * from './errors';
export * from './app';
export * from './settings';
export * from './ollama';
export * from './models';
export * from './library';
export * from './chat';
export * from './metrics';
export * from './compare';
export * from './sources';
export * from './trust';
export * from './feedback';
export * from './export';
export * from './quality';
export * from './prompts';
export * from './workspaces';
export * from './resilience';
