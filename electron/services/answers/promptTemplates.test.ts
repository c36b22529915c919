// Template rendering: placeholders are filled from the template's own values only.
import { describe, expect, it } from 'vitest';
import { renderUngrounded, type PromptTemplate } from './promptTemplates';

const template = (ungroundedUser: string): PromptTemplate => ({
  id: 'user-made',
  version: 1,
  name: 'User made',
  description: '',
  system: 'You answer from passages.',
  user: '{{passages}}\n{{question}}',
  passage: '[{{n}}] {{source}}\n{{text}}',
  ungroundedSystem: 'You answer.',
  ungroundedUser,
});

describe('prompt templates', () => {
  it('leaves placeholders that name Object members as they are', () => {
    const { user } = renderUngrounded(template('{{constructor}} {{__proto__}} {{toString}} {{question}}'), 'Why?');
    expect(user).toBe('{{constructor}} {{__proto__}} {{toString}} Why?');
  });
});
