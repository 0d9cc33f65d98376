import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import type { Issue } from '../bindings/Issue';
import { errorCount, issuesAt, issuesUnder, latestOnly } from './issues';
import TextField from '../components/drafts/TextField.svelte';

afterEach(() => cleanup());

const issues: Issue[] = [
  { path: 'content.link', severity: 'error', code: 'invalid_link', message: 'Destination link needs https://' },
  { path: 'content.template_data', severity: 'error', code: 'required', message: 'Template data is required' },
  { path: 'content.template_data.name', severity: 'warning', code: 'longer_than_recommended', message: 'Template headline is long' },
  { path: 'content.linkedin', severity: 'warning', code: 'required', message: 'not a real field' },
];

describe('issues', () => {
  it('picks a field exactly, or a group with what is inside it', () => {
    expect(issuesAt(issues, 'content.link').map((i) => i.code)).toEqual(['invalid_link']);
    expect(issuesUnder(issues, 'content.template_data')).toHaveLength(2);
    expect(issuesUnder(issues, 'content.link')).toHaveLength(1);
    expect(errorCount(issues)).toBe(2);
  });

  it('applies only the answer to the latest request', async () => {
    const answers: ((v: string) => void)[] = [];
    const applied: string[] = [];
    const run = latestOnly(
      () => new Promise<string>((resolve) => answers.push(resolve)),
      (v: string) => applied.push(v),
    );
    const first = run();
    const second = run();
    answers[1]!('new');
    answers[0]!('old');
    await Promise.all([first, second]);
    expect(applied).toEqual(['new']);
  });

  it("a field shows Rust's messages for its own path, marked by severity", () => {
    render(TextField, { label: 'Destination link', path: 'content.link', value: 'example.com', issues });
    const list = screen.getByTestId('issues-content.link');
    expect(list.textContent).toContain('Destination link needs https://');
    expect(list.textContent).not.toContain('not a real field');
    expect(list.querySelector('li')?.className).toContain('error');
    expect(screen.getByTestId('field-content.link').getAttribute('aria-invalid')).toBe('true');
  });

  it('a field without issues shows its hint and is not marked invalid', () => {
    render(TextField, { label: 'Headline', path: 'content.name', value: '', issues, hint: 'Short and clear' });
    expect(screen.getByTestId('issues-content.name').children).toHaveLength(0);
    expect(screen.getByText('Short and clear')).toBeTruthy();
    expect(screen.getByTestId('field-content.name').getAttribute('aria-invalid')).toBe('false');
  });
});
