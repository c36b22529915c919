// The prompt library screen: built-in templates (read-only, a base for your own) and your templates, each change
// saved as a new version with a diff against the previous one, the active version picked (roll back). Renderer.
import { useEffect, useState, type ReactNode } from 'react';
import { TEMPLATE_PARTS, type TemplateBody, type TemplatePart, type UserTemplate } from '../../../../shared/contract/prompts';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { usePrompts } from '../../stores/StoresContext';
import './prompts.css';

const PART_LABELS: Record<TemplatePart, string> = {
  system: 'System message ({{fence}} when passages are fenced)',
  user: 'User message ({{passages}} and {{question}} required)',
  passage: 'Each passage ({{n}} and {{text}} required; {{source}}, {{fence}})',
  ungroundedSystem: 'System message without documents',
  ungroundedUser: 'User message without documents ({{question}} required)',
};

export function PromptsView(): ReactNode {
  const load = usePrompts((s) => s.load);
  const builtIn = usePrompts((s) => s.builtIn);
  const user = usePrompts((s) => s.user);
  const openId = usePrompts((s) => s.openId);
  const open = usePrompts((s) => s.open);
  const error = usePrompts((s) => s.error);
  useEffect(() => {
    void load();
  }, [load]);
  const opened = user?.find((t) => t.id === openId) ?? null;

  return (
    <Page title="Prompts" lead="Your own prompt templates. Every change is a new version; answers record the version they used, so Metrics and the Compare leaderboard compare versions." testId="prompts-view" wide>
      <div className="prompts">
        <aside className="card prompts__list">
          <NewTemplateForm />
          <h2>Your templates</h2>
          {user && user.length === 0 ? <p className="prompts__muted">None yet: start one from a built-in template.</p> : null}
          <ul>
            {(user ?? []).map((t) => (
              <li key={t.id}>
                <button type="button" className="prompts__item" aria-current={t.id === openId || undefined} onClick={() => open(t.id)} data-testid="prompt-item" data-id={t.id}>
                  {t.name} <span className="prompts__muted">v{t.activeVersion} active · {t.versions.length} versions</span>
                </button>
              </li>
            ))}
          </ul>
          <h2>Built-in (read-only)</h2>
          <ul>
            {(builtIn ?? []).map((t) => (
              <li key={`${t.id}@${t.version}`} className="prompts__muted">
                {t.name} v{t.version}
              </li>
            ))}
          </ul>
        </aside>
        <div className="prompts__main">
          {error ? (
            <p className="field__error" role="alert" data-testid="prompts-error">
              {error.message}
            </p>
          ) : null}
          {opened ? <TemplateEditor key={`${opened.id}@${opened.versions.length}`} template={opened} /> : <p className="prompts__muted">Open a template, or start a new one.</p>}
        </div>
      </div>
    </Page>
  );
}

function NewTemplateForm(): ReactNode {
  const builtIn = usePrompts((s) => s.builtIn);
  const user = usePrompts((s) => s.user);
  const create = usePrompts((s) => s.create);
  const busy = usePrompts((s) => s.busy);
  const [name, setName] = useState('');
  const bases = [
    ...(builtIn ?? []).map((t) => ({ value: `${t.id}@${t.version}`, label: `${t.name} v${t.version} (built-in)` })),
    ...(user ?? []).flatMap((t) => t.versions.map((v) => ({ value: `${t.id}@${v.version}`, label: `${t.name} v${v.version}` }))),
  ];
  const [basedOn, setBasedOn] = useState('');
  const base = basedOn || bases.at(builtIn ? builtIn.length - 1 : 0)?.value || '';
  return (
    <form
      className="prompts__new"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() && base) void create(name, base).then((ok) => ok && setName(''));
      }}
    >
      <TextField label="New template" value={name} placeholder="Name" onChange={setName} testId="prompt-new-name" />
      <SelectField label="Start from" value={base} options={bases} onChange={setBasedOn} testId="prompt-new-base" />
      <Button type="submit" variant="primary" busy={busy} disabled={!name.trim() || !base} data-testid="prompt-create">
        Create
      </Button>
    </form>
  );
}

function TemplateEditor({ template }: { template: UserTemplate }): ReactNode {
  const saveVersion = usePrompts((s) => s.saveVersion);
  const activate = usePrompts((s) => s.activate);
  const showDiff = usePrompts((s) => s.showDiff);
  const remove = usePrompts((s) => s.remove);
  const diff = usePrompts((s) => s.diff);
  const busy = usePrompts((s) => s.busy);
  const latest = template.versions[template.versions.length - 1]!;
  // editing continues from the newest version; saving makes the next one (and a new key, so a fresh draft)
  const [body, setBody] = useState<TemplateBody>(latest.body);
  const [note, setNote] = useState('');
  const changed = TEMPLATE_PARTS.some((p) => body[p] !== latest.body[p]);

  return (
    <section className="card prompts__editor" data-testid="prompt-editor" data-id={template.id}>
      <h2>
        {template.name} <span className="prompts__muted">{template.id}{template.basedOn ? ` · from ${template.basedOn}` : ''}</span>
      </h2>
      <form
        className="prompts__form"
        onSubmit={(event) => {
          event.preventDefault();
          void saveVersion(body, note).then((ok) => ok && setNote(''));
        }}
      >
        {TEMPLATE_PARTS.map((part) => (
          <label key={part} className="field">
            <span className="field__label">{PART_LABELS[part]}</span>
            <textarea className="field__input prompts__textarea" rows={part === 'system' ? 8 : 3} value={body[part]} onChange={(event) => setBody({ ...body, [part]: event.target.value })} data-testid={`prompt-part-${part}`} />
          </label>
        ))}
        <TextField label="What changed (optional)" value={note} onChange={setNote} testId="prompt-note" />
        <div className="prompts__actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!changed} data-testid="prompt-save-version">
            Save as version {latest.version + 1}
          </Button>
          <Button variant="danger" onClick={() => void remove(template.id)} data-testid="prompt-delete">
            Delete template
          </Button>
        </div>
      </form>
      <h3>Versions</h3>
      <table className="prompts__versions" data-testid="prompt-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Saved</th>
            <th>Note</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...template.versions].reverse().map((v) => (
            <tr key={v.version} data-testid="prompt-version" data-version={v.version} data-active={v.version === template.activeVersion}>
              <td>
                v{v.version} {v.version === template.activeVersion ? <strong>active</strong> : null}
              </td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
              <td>{v.note}</td>
              <td className="prompts__row-actions">
                <Button variant="ghost" onClick={() => void showDiff(v.version)} data-testid="prompt-diff">
                  Diff
                </Button>
                {v.version !== template.activeVersion ? (
                  <Button variant="ghost" onClick={() => void activate(v.version)} data-testid="prompt-activate">
                    {v.version < template.activeVersion ? 'Roll back to this' : 'Make active'}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff ? (
        <div className="prompts__diff" data-testid="prompt-diff-view">
          <p>
            v{diff.version} against {diff.against === null ? 'nothing (first version)' : `v${diff.against}`}: {diff.added} lines added, {diff.removed} removed
          </p>
          <pre>
            {diff.patch
              .split('\n')
              .slice(2)
              .map((line, i) => (
                <span key={i} className={line.startsWith('+') ? 'prompts__add' : line.startsWith('-') ? 'prompts__del' : undefined}>
                  {line}
                  {'\n'}
                </span>
              ))}
          </pre>
        </div>
      ) : null}
    </section>
  );
}
