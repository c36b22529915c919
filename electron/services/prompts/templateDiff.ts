// A template version against another as a unified diff of its parts (the `diff` library), for the prompt library. Plain Node.
import { createTwoFilesPatch } from 'diff';
import { TEMPLATE_PARTS, type TemplateBody } from '../../../shared/contract/prompts';

/** The parts as one text, each under a heading, so a diff says which part changed. */
export const templateText = (body: TemplateBody): string => TEMPLATE_PARTS.map((part) => `## ${part}\n${body[part]}\n`).join('\n');

export function diffTemplates(before: TemplateBody | null, after: TemplateBody, labels: { before: string; after: string }): { patch: string; added: number; removed: number } {
  const patch = createTwoFilesPatch(labels.before, labels.after, before ? templateText(before) : '', templateText(after), undefined, undefined, { context: 3 });
  let added = 0;
  let removed = 0;
  // skip the header lines (---, +++); count the hunks' own lines
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { patch, added, removed };
}
