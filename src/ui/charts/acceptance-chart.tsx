import { CartesianGrid, ComposedChart, Legend, Line, Scatter, XAxis, YAxis } from 'recharts';
import { fitWidth, seriesColour } from './palette.ts';

/** One reward level: the fitted probability of accepting at each effort level, and the observed share. */
type Point = { readonly effort: number; readonly percent: number };
export type AcceptanceCurve = { readonly label: string; readonly fitted: readonly Point[]; readonly observed: readonly Point[] };

/**
 * Acceptance by effort level, one colour per reward: lines are the fitted model, dots what the patient chose.
 * Values are percentages (0–100).
 */
export function AcceptanceChart({ curves, xLabel, yLabel }: { readonly curves: readonly AcceptanceCurve[]; readonly xLabel: string; readonly yLabel: string }) {
  const efforts = [...new Set(curves.flatMap((c) => [...c.fitted, ...c.observed].map((p) => p.effort)))].sort((a, b) => a - b);
  const rows = efforts.map((effort) => ({
    effort,
    ...Object.fromEntries(
      curves.flatMap((c, i) => [
        [`fitted${String(i)}`, c.fitted.find((p) => p.effort === effort)?.percent ?? null],
        [`observed${String(i)}`, c.observed.find((p) => p.effort === effort)?.percent ?? null],
      ]),
    ),
  }));
  return (
    <ComposedChart {...fitWidth(760, { aspectRatio: 520 / 340 })} data={rows} margin={{ top: 8, right: 24, bottom: 36, left: 24 }} accessibilityLayer>
      <CartesianGrid stroke="#d9dde2" />
      <XAxis dataKey="effort" type="number" domain={[1, 4]} ticks={[1, 2, 3, 4]} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: xLabel, position: 'insideBottom', offset: -12, fontSize: 14, fill: '#1a1a1a' }} />
      <YAxis domain={[0, 100]} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 14, fill: '#1a1a1a', style: { textAnchor: 'middle' } }} />
      <Legend wrapperStyle={{ fontSize: 14, bottom: 0 }} />
      {curves.map((c, i) => (
        <Line key={`f${c.label}`} dataKey={`fitted${String(i)}`} name={c.label} stroke={seriesColour(i)} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
      ))}
      {curves.map((c, i) => (
        <Scatter key={`o${c.label}`} dataKey={`observed${String(i)}`} legendType="none" fill={seriesColour(i)} isAnimationActive={false} />
      ))}
    </ComposedChart>
  );
}
