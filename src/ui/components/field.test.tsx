import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Field } from './field.tsx';

afterEach(cleanup);

/** The elements an input's aria-describedby points at, in order. */
function describers(input: HTMLElement): HTMLElement[] {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id) as HTMLElement);
}

describe('Field', () => {
  it('names the control by its label and leaves it undescribed without hint or error', () => {
    render(<Field label="Search">{(control) => <input type="search" {...control} />}</Field>);
    const input = screen.getByLabelText('Search');
    expect(input.tagName).toBe('INPUT');
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    const label = input.closest('label');
    expect(label?.className).toBe('field');
    expect(label?.firstElementChild?.textContent).toBe('Search');
  });

  it('describes the control by its hint and its error line, in that order, after the control', () => {
    render(
      <Field label="Server address" hint="Ask IT" error="">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByRole('textbox');
    const [hint, error] = describers(input);
    expect(hint?.className).toBe('muted');
    expect(hint?.textContent).toBe('Ask IT');
    expect(error?.className).toBe('field-error');
    expect(error?.textContent).toBe('');
    expect([...(input.closest('label')?.children ?? [])]).toEqual([input.previousElementSibling, input, hint, error]);
  });

  it('keeps an empty error line in place and marks the control valid while the error is empty', () => {
    render(<Field label="Passphrase" error="">{(control) => <input type="password" {...control} />}</Field>);
    const input = screen.getByLabelText('Passphrase');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(describers(input).map((e) => e.className)).toEqual(['field-error']);
  });

  it('marks the control invalid and describes it by the message when there is an error', () => {
    render(<Field label="Passphrase" error="Too short">{(control) => <input type="password" {...control} />}</Field>);
    const input = screen.getByLabelText(/Passphrase/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describers(input).map((e) => e.textContent)).toEqual(['Too short']);
  });

  it('gives each field its own ids', () => {
    render(
      <>
        <Field label="First" hint="one" error="">
          {(control) => <input {...control} />}
        </Field>
        <Field label="Second" hint="two" error="">
          {(control) => <input {...control} />}
        </Field>
      </>,
    );
    const [first, second] = screen.getAllByRole('textbox');
    expect(describers(first!).map((e) => e.textContent)).toEqual(['one', '']);
    expect(describers(second!).map((e) => e.textContent)).toEqual(['two', '']);
  });
});
