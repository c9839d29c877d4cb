import { useId, type ReactNode } from 'react';

/** What the control inside a Field spreads onto itself: the ids that describe it, and whether it is invalid. */
export type FieldControlProps = { readonly 'aria-describedby'?: string; readonly 'aria-invalid'?: true };

type Props = {
  /** The visible label; it also names the control (the control sits inside the `<label>`). */
  readonly label: ReactNode;
  /** A lasting explanation under the control. */
  readonly hint?: ReactNode;
  /**
   * The current validation message. Give it (even as '') for a field that can be invalid: the error line is then
   * always rendered, so the page does not jump when a message appears; '' means no error now.
   */
  readonly error?: string;
  /** Renders the control, spreading the props it is given. */
  readonly children: (control: FieldControlProps) => ReactNode;
};

/** One labelled form field: label, control, optional hint and error line, wired together with generated ids. */
export function Field({ label, hint, error, children }: Props) {
  const id = useId();
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ');
  const control: FieldControlProps = {
    ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
    ...(error ? { 'aria-invalid': true } : {}),
  };
  return (
    <label className="field">
      <span>{label}</span>
      {children(control)}
      {hintId !== undefined && (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
      {errorId !== undefined && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </label>
  );
}
