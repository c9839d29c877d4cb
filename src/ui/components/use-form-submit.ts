import { useState, type SyntheticEvent } from 'react';

/** The value of the form control named `name` ('' when there is none). */
export function fieldValue(form: HTMLFormElement, name: string): string {
  const control = form.elements.namedItem(name);
  return control instanceof HTMLInputElement ? control.value : '';
}

/**
 * A small form's submit: `action` runs with the form element, and `submitting` is true until it settles (the
 * button says "Checking…"). `action` checks the fields itself and returns early when one is invalid. For the
 * start page's forms (set-up, passphrase, recovery), which load no form library (issue 20's byte budget).
 */
export function useFormSubmit(action: (form: HTMLFormElement) => Promise<void>): {
  readonly submitting: boolean;
  readonly onSubmit: (event: SyntheticEvent<HTMLFormElement>) => void;
} {
  const [submitting, setSubmitting] = useState(false);
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitting(true);
    void action(form).finally(() => setSubmitting(false));
  };
  return { submitting, onSubmit };
}

/** Focuses the first control of `form` named in `names` (the first invalid field after a submit). */
export function focusFirst(form: HTMLFormElement, names: readonly string[]): void {
  const control = names.map((name) => form.elements.namedItem(name)).find((c) => c instanceof HTMLInputElement);
  if (control instanceof HTMLInputElement) control.focus();
}
