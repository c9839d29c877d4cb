import { loadInstrument } from '../../../tests/support/instruments.ts';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTestPack } from '../../../tests/support/test-packs.ts';
import { respondentText } from '../../domain/instrument-lookup.ts';
import { DOUBLE_TAP_MS, ItemView } from './item-view.tsx';

const load = loadInstrument;
const shaps = load('shaps');
const phq = load('phq-9');
afterEach(cleanup);

describe('ItemView', () => {
  it('shows the item as a group of labelled radio buttons in the printed order', () => {
    render(<ItemView instrument={shaps} text={respondentText(shaps, 'en')} itemIndex={1} value={undefined} onAnswer={vi.fn()} onBack={null} onNext={vi.fn()} />);
    const group = screen.getByRole('group', { name: /I would enjoy being with my family or close friends/ });
    expect(group).toBeTruthy();
    expect(screen.getAllByRole('radio').map((r) => (r.closest('label')?.textContent ?? '').trim())).toEqual([
      'Definitely agree',
      'Agree',
      'Disagree',
      'Strongly disagree',
    ]);
    expect(screen.getByText('Question 2 of 14')).toBeTruthy();
  });

  it.each(['phq-9', 'shaps', 'teps', 'aes-s', 'ami'])('shows %s’s stem and time frame above every item, in the pack’s own words', (id) => {
    const instrument = load(id);
    const text = respondentText(instrument, 'en');
    const last = instrument.definition.items.length - 1;
    for (const itemIndex of [0, last]) {
      const view = render(<ItemView instrument={instrument} text={text} itemIndex={itemIndex} value={undefined} onAnswer={vi.fn()} onBack={null} onNext={vi.fn()} />);
      expect(screen.getByText(text.instructions ?? 'no instructions in the pack')).toBeTruthy();
      view.unmount();
    }
  });

  it('reports a tapped answer by its semantic code at once, and moves on', async () => {
    const onAnswer = vi.fn();
    render(<ItemView instrument={shaps} text={respondentText(shaps, 'en')} itemIndex={1} value={undefined} onAnswer={onAnswer} onBack={null} onNext={vi.fn()} />);
    await new Promise((resolve) => setTimeout(resolve, DOUBLE_TAP_MS + 50));
    const definitely = screen.getByRole('radio', { name: 'Definitely agree' });
    fireEvent.pointerDown(definitely.closest('label') as HTMLElement);
    fireEvent.click(definitely);
    expect(onAnswer).toHaveBeenLastCalledWith('strongly-agree', true);
  });

  it('moves on when the answer already chosen is tapped again (after Back), keeping it', async () => {
    const onAnswer = vi.fn();
    const onNext = vi.fn();
    render(<ItemView instrument={shaps} text={respondentText(shaps, 'en')} itemIndex={1} value="agree" onAnswer={onAnswer} onBack={null} onNext={onNext} />);
    await new Promise((resolve) => setTimeout(resolve, DOUBLE_TAP_MS + 50));
    const agree = screen.getByRole<HTMLInputElement>('radio', { name: 'Agree' });
    expect(agree.checked).toBe(true);
    fireEvent.pointerDown(agree.closest('label') as HTMLElement);
    fireEvent.click(agree);
    expect(onNext).toHaveBeenCalledTimes(1);
    expect(onAnswer).not.toHaveBeenCalled();
  });

  it('ignores a tap that lands right after the item appeared (a double tap on the previous item)', () => {
    const onAnswer = vi.fn();
    render(<ItemView instrument={shaps} text={respondentText(shaps, 'en')} itemIndex={1} value={undefined} onAnswer={onAnswer} onBack={null} onNext={vi.fn()} />);
    const agree = screen.getByRole('radio', { name: 'Agree' });
    fireEvent.pointerDown(agree.closest('label') as HTMLElement);
    fireEvent.click(agree);
    expect(onAnswer).not.toHaveBeenCalled();
  });

  it('records a keyboard choice only on "Next", so passing over an option records nothing', () => {
    const onAnswer = vi.fn();
    const onNext = vi.fn();
    render(<ItemView instrument={phq} text={respondentText(phq, 'en')} itemIndex={8} value={undefined} onAnswer={onAnswer} onBack={null} onNext={onNext} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Several days' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Not at all' }));
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onAnswer).toHaveBeenCalledWith('not-at-all', false);
    expect(onNext).toHaveBeenCalled();
  });

  it('keeps "Next" disabled until a required item is answered', () => {
    const { rerender } = render(<ItemView instrument={phq} text={respondentText(phq, 'en')} itemIndex={0} value={undefined} onAnswer={vi.fn()} onBack={null} onNext={vi.fn()} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next' }).disabled).toBe(true);
    rerender(<ItemView instrument={phq} text={respondentText(phq, 'en')} itemIndex={0} value="several-days" onAnswer={vi.fn()} onBack={null} onNext={vi.fn()} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next' }).disabled).toBe(false);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Several days' }).checked).toBe(true);
  });

  it('lets an optional item be skipped', () => {
    const onNext = vi.fn();
    render(<ItemView instrument={phq} text={respondentText(phq, 'en')} itemIndex={9} value={undefined} onAnswer={vi.fn()} onBack={vi.fn()} onNext={onNext} />);
    expect(screen.getByText('Optional question')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(onNext).toHaveBeenCalled();
  });

  it('shows the item and its options in the text it is given in, marked with that language for screen readers and fonts', () => {
    const chinese = withTestPack(phq, 'zh-CN');
    render(<ItemView instrument={chinese} text={respondentText(chinese, 'zh-CN')} itemIndex={0} value={undefined} onAnswer={vi.fn()} onBack={null} onNext={vi.fn()} />);
    const item = screen.getByText('[TEST PACK — not a translation] phq-9-1');
    expect(item.getAttribute('lang')).toBe('zh-CN');
    const option = screen.getByRole('radio', { name: '[TEST PACK — not a translation] several-days' });
    expect(option.closest('[lang]')?.getAttribute('lang')).toBe('zh-CN');
    // The app's own words stay in the interface language (no lang of their own).
    expect(screen.getByText('Question 1 of 9').closest('[lang]')).toBeNull();
  });
});
