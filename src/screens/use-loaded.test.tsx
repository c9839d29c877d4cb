import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../domain/result.ts';
import { useLoaded } from './use-loaded.ts';

afterEach(cleanup);

/** Lets an answered read's promise chain run inside act(). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A read the test answers by hand, in any order. */
function controlledReads() {
  const pending: ((result: Result<string, string>) => void)[] = [];
  return { load: () => new Promise<Result<string, string>>((resolve) => pending.push(resolve)), answer: (i: number, result: Result<string, string>) => pending[i]?.(result) };
}

function Probe({ id, load, first }: { readonly id: string; readonly load: () => Promise<Result<string, string>>; readonly first?: Result<string, string> }) {
  const { state, reload } = useLoaded(load, [id], first);
  return (
    <div>
      <p>{state.kind === 'ready' ? `ready ${state.value}` : state.kind === 'failed' ? `failed ${state.error}` : 'loading'}</p>
      <button type="button" aria-label="again" onClick={() => void reload()} />
    </div>
  );
}

describe('useLoaded', () => {
  it('shows a first read done before it mounted at once, reads nothing then, and reads again when the deps change', async () => {
    const reads = controlledReads();
    let calls = 0;
    const load = () => ((calls += 1), reads.load());
    const view = render(<Probe id="p1" load={load} first={ok('opened at boot')} />);
    expect(screen.getByText('ready opened at boot')).toBeTruthy();
    await act(settle);
    expect(calls).toBe(0);
    view.rerender(<Probe id="p2" load={load} first={ok('opened at boot')} />);
    reads.answer(0, ok('patient 2'));
    await act(settle);
    expect(calls).toBe(1);
    expect(screen.getByText('ready patient 2')).toBeTruthy();
  });

  it('shows the newest read only: an older answer arriving late is dropped', async () => {
    const reads = controlledReads();
    const view = render(<Probe id="p1" load={reads.load} />);
    view.rerender(<Probe id="p2" load={reads.load} />);
    reads.answer(1, ok('patient 2'));
    await act(settle);
    reads.answer(0, ok('patient 1'));
    await act(settle);
    expect(screen.getByText('ready patient 2')).toBeTruthy();
  });

  it('keeps the last value on screen while reloading, and a failure until a read succeeds', async () => {
    const reads = controlledReads();
    render(<Probe id="p1" load={reads.load} />);
    reads.answer(0, ok('first'));
    await act(settle);
    act(() => screen.getByRole('button').click());
    expect(screen.getByText('ready first')).toBeTruthy();
    reads.answer(1, err('disk'));
    await act(settle);
    expect(screen.getByText('failed disk')).toBeTruthy();
    act(() => screen.getByRole('button').click());
    expect(screen.getByText('failed disk')).toBeTruthy();
    reads.answer(2, ok('second'));
    await act(settle);
    expect(screen.getByText('ready second')).toBeTruthy();
  });
});
