import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import { fitWidth, seriesColour } from './palette.ts';

export type TrendSeries = { readonly key: string; readonly label: string };

/** Each scale over visit dates, as POMP aligned so that higher = more deficit. */
export function TrendChart({ rows, series, axisLabel }: { readonly rows: readonly Record<string, string | number | null>[]; readonly series: readonly TrendSeries[]; readonly axisLabel: string }) {
  return (
    <LineChart {...fitWidth(900, { aspectRatio: 520 / 300 })} data={[...rows]} margin={{ top: 8, right: 24, bottom: 8, left: 24 }} accessibilityLayer>
      <CartesianGrid stroke="#d9dde2" />
      <XAxis dataKey="date" tick={{ fontSize: 13, fill: '#1a1a1a' }} />
      <YAxis domain={[0, 100]} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: axisLabel, angle: -90, position: 'insideLeft', fontSize: 14, fill: '#1a1a1a', style: { textAnchor: 'middle' } }} />
      <Legend wrapperStyle={{ fontSize: 14 }} />
      {series.map((s, i) => (
        <Line key={s.key} dataKey={s.key} name={s.label} stroke={seriesColour(i)} strokeWidth={2} dot={{ r: 5 }} connectNulls isAnimationActive={false} />
      ))}
    </LineChart>
  );
}
