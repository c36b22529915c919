// The workspace form: empty fields mean "the global setting", numbers are checked before saving.
import { describe, expect, it } from 'vitest';
import { EMPTY_WORKSPACE_SETTINGS } from '../../../../shared/contract/workspaces';
import { workspaceDraft, workspacePatch, workspaceTemplateOptions } from './workspaceForm';

describe('workspace form', () => {
  it('round-trips settings, empty fields being null', () => {
    const draft = workspaceDraft(EMPTY_WORKSPACE_SETTINGS);
    expect(workspacePatch(draft)).toEqual({ patch: EMPTY_WORKSPACE_SETTINGS, errors: {} });
    const set = { systemPrompt: 'Be brief.', model: 'ollama:llama3.2:3b', temperature: 0.9, topK: 3, promptTemplate: 'mine' };
    expect(workspacePatch(workspaceDraft(set)).patch).toEqual(set);
  });
  it('refuses numbers out of range', () => {
    const { errors } = workspacePatch({ ...workspaceDraft(EMPTY_WORKSPACE_SETTINGS), temperature: '3', topK: '2.5' });
    expect(Object.keys(errors).sort()).toEqual(['temperature', 'topK']);
  });
  it("offers Settings' template, each user template's active version, then every version", () => {
    const options = workspaceTemplateOptions(
      [
        { id: 'grounded-answer', version: 3, name: 'Grounded', description: '', builtIn: true },
        { id: 'mine', version: 1, name: 'Mine', description: '', builtIn: false, active: false },
        { id: 'mine', version: 2, name: 'Mine', description: '', builtIn: false, active: true },
      ],
      'grounded-answer@3',
      'gone@1',
    );
    expect(options.map((o) => o.value)).toEqual(['', 'mine', 'grounded-answer@3', 'mine@1', 'mine@2', 'gone@1']);
    expect(options[1]!.label).toBe('Mine: active version (now v2)');
  });
});
